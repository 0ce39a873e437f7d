import type { Queryable } from '../../db/client.ts';
import type { RankingWeights } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import type { ReportPeriod } from './period.ts';
import { buildReport, buildReportTop, type Report } from './report.ts';
import { compareReports, type Difference } from './compare.ts';
import { complianceMatrix, type ComplianceMatrix } from './matrix.ts';
import { reportScope, type ReportScope } from './scope.ts';
import { findReport, loadReport, periodOfRow, weightsFor, type ReportSnapshot, type UnitReportRow } from './workflow.ts';

/** A unit's live report for a period, with its saved weights (needs `report.read` on the unit). */
export async function readReport(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, now: Date): Promise<Report> {
  return builtOnceAllowed(q, actor, unitId, period, (weights) => buildReport(q, unitId, period, weights, now));
}

/** The same listing only its first `top` channels, with how many there are (the API's view, ranked in the database). */
export async function readReportTop(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, now: Date, top: number): Promise<Report & { channelCount: number }> {
  return builtOnceAllowed(q, actor, unitId, period, (weights) => buildReportTop(q, unitId, period, weights, now, top));
}

/**
 * The access check first, then the build: a reader without `report.read` on the unit is refused before the server
 * starts building that unit's report (a commune's manager asking for the province's made it build the whole
 * province's, only to answer 403). The saved weights are read beside the build (it needs them only for the ranking).
 */
async function builtOnceAllowed<T>(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, build: (weights: Promise<RankingWeights>) => Promise<T>): Promise<T> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId');
  const weights = weightsFor(q, unitId, period);
  // Awaited by the build; the handler only keeps a failure from going unhandled if the build fails before it gets there.
  weights.catch(() => {});
  return build(weights);
}

/** The saved report of a unit for a period (null while nobody has saved one); needs `report.read`. */
export async function readSavedReport(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod): Promise<UnitReportRow | null> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId');
  return findReport(q, unitId, period);
}

/**
 * A saved report with its frozen snapshot beside a live recomputation and the figures that
 * differ between them (the parent's view of a child's submission). Needs `report.read` on the unit.
 */
export async function readSubmitted(q: Queryable, actor: Actor, id: string, now: Date): Promise<{ row: UnitReportRow; snapshot: Report | null; live: Report; differences: Difference[] }> {
  const row = await loadReport(q, id);
  await assertAllowedOnUnit(q, actor, 'report.read', row.unitId, '/id');
  const snapshot = (row.snapshot as unknown as ReportSnapshot | null)?.report ?? null;
  const live = await buildReport(q, row.unitId, periodOfRow(row), row.weights, now);
  return { row, snapshot, live, differences: snapshot ? compareReports(snapshot, live) : [] };
}

/** The item × commune compliance table of a unit's report (needs `report.read` on the unit). */
export async function readComplianceMatrix(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod): Promise<ComplianceMatrix> {
  return complianceMatrix(q, await scopeOnceAllowed(q, actor, unitId), period);
}

/** The unit's subtree, read once the `report.read` check has passed (its 404 or 403 first, nothing read before). */
export async function scopeOnceAllowed(q: Queryable, actor: Actor, unitId: string): Promise<ReportScope> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId');
  return reportScope(q, unitId);
}
