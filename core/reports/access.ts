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
 * The build starts beside the access check and the saved weights instead of after their three round trips (it needs
 * the weights only for the ranking, at its end).
 */
async function builtOnceAllowed<T>(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, build: (weights: Promise<RankingWeights>) => Promise<T>): Promise<T> {
  const weights = weightsFor(q, unitId, period);
  // Awaited by the build; the handler only keeps a failure from going unhandled if the build fails before it gets there.
  weights.catch(() => {});
  return onceAllowed(assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId'), build(weights));
}

/**
 * `work`, started beside the `allowed` check rather than after its round trips, and returned only once the check has
 * passed: nothing of it is returned, and none of its errors shown, before the check's 404 or 403 (docs/BENCHMARKS.md,
 * (r) around the build).
 */
async function onceAllowed<T>(allowed: Promise<unknown>, work: Promise<T>): Promise<T> {
  // Awaited below, after the check; the handler only keeps an early failure from going unhandled meanwhile.
  work.catch(() => {});
  await allowed;
  return work;
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

/** The unit's subtree, read beside the `report.read` check and returned once it has passed (its 404 or 403 first). */
export function scopeOnceAllowed(q: Queryable, actor: Actor, unitId: string): Promise<ReportScope> {
  return onceAllowed(assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId'), reportScope(q, unitId));
}
