import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { units } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { readReport, scopeOnceAllowed } from './access.ts';
import { reportCharts } from './charts.ts';
import { communeRows, itemChannelRows } from './detail.ts';
import { reportDocx } from './docx.ts';
import { complianceMatrix } from './matrix.ts';
import type { ReportPeriod } from './period.ts';
import { weeklyTrend, type TrendPoint } from './trend.ts';
import { defaultNarrative, findReport, unitPlace } from './workflow.ts';
import { reportXlsx } from './xlsx.ts';

/** The weekly trend of a unit's report (needs `report.read` on the unit; it was a whole report's build only for the check). */
export async function readTrend(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod): Promise<TrendPoint[]> {
  return weeklyTrend(q, await scopeOnceAllowed(q, actor, unitId), period);
}

/** The XLSX of a unit's report: the page's tables, then item × channel, commune and the page's item × commune table. */
export async function exportXlsx(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, now: Date): Promise<{ report: Awaited<ReturnType<typeof readReport>>; body: Buffer }> {
  const [report, scope] = await Promise.all([readReport(q, actor, unitId, period, now), scopeOnceAllowed(q, actor, unitId)]);
  const [itemChannels, communes, matrix] = await Promise.all([itemChannelRows(q, scope, period), communeRows(q, scope, period), complianceMatrix(q, scope, period)]);
  return { report, body: await reportXlsx(report, { itemChannels, communes, matrix }) };
}

/**
 * The official DOCX (Decree 30/2020/NĐ-CP) of a unit's report: the saved narrative (the
 * submitted one once sent) or the default one, the figures, the tables and the charts.
 */
export async function exportDocx(q: Queryable, actor: Actor, unitId: string, period: ReportPeriod, now: Date): Promise<{ report: Awaited<ReturnType<typeof readReport>>; body: Buffer }> {
  // Checked first (with the subtree), so the report and its weekly trend can then be computed side by side.
  const scope = await scopeOnceAllowed(q, actor, unitId);
  const [report, saved, trend, place] = await Promise.all([readReport(q, actor, unitId, period, now), findReport(q, unitId, period), weeklyTrend(q, scope, period), unitPlace(q, unitId)]);
  const parent = report.unit.parentId ? await q.select({ name: units.name }).from(units).where(eq(units.id, report.unit.parentId)) : [];
  const charts = await reportCharts(report, trend);
  // A draft saved before places were filled in (or one whose place was cleared) dates the report from the unit's place, not "………".
  const narrative = saved?.narrative ?? defaultNarrative(report.unit.name, period, place);
  const body = await reportDocx(report, { ...narrative, place: narrative.place.trim() || place }, charts, parent[0]?.name ?? null, now);
  return { report, body };
}
