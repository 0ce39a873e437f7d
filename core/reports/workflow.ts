import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { unitReports, units, type RankingWeights, type ReportNarrative, type ReportState } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { actingUserId, assertAllowedOnUnit } from '../org/access.ts';
import { unitAncestryNames } from '../units.ts';
import { reportPeriod, type PeriodKind, type ReportPeriod } from './period.ts';
import { checkWeights, DEFAULT_WEIGHTS } from './ranking.ts';
import { buildReport, type Report } from './report.ts';

export type UnitReportRow = typeof unitReports.$inferSelect;

const reportWord = { vi: 'báo cáo', en: 'Report' };

/**
 * The địa danh of "…, ngày … tháng … năm …" (Decree 30/2020, Appendix I): the name of the
 * province or commune the unit sits in, read from the names of the unit and its ancestors,
 * nearest first ("Công an xã Chiềng Cơi" → "Chiềng Cơi"; "Phòng PC10" under "Công an tỉnh
 * Sơn La" → "Sơn La"; Ho Chi Minh City is written "Thành phố Hồ Chí Minh"). Empty when no name
 * says it: the manager types it.
 */
export function placeFromUnitNames(names: readonly string[]): string {
  for (const name of names) {
    const m = /(?:^|\s)(?:tỉnh|thành phố|thị xã|xã|phường|đặc khu|thị trấn|huyện|quận)\s+(\S.*)$/iu.exec(name.normalize('NFC').trim());
    if (m) return m[1] === 'Hồ Chí Minh' ? 'Thành phố Hồ Chí Minh' : m[1]!;
  }
  return '';
}

/** The địa danh of a unit's reports (placeFromUnitNames over the unit and its ancestors). */
export async function unitPlace(q: Queryable, unitId: string): Promise<string> {
  return placeFromUnitNames(await unitAncestryNames(q, unitId));
}

/** A new draft's narrative: the Decree 30 parts the manager fills in, with the unit's name and place in. */
export function defaultNarrative(unitName: string, period: ReportPeriod, place = ''): ReportNarrative {
  return {
    number: '…/BC-' + unitName.split(/\s+/).map((w) => w[0]?.toUpperCase() ?? '').join('').slice(0, 6),
    place,
    summary: `Kết quả tuyên truyền "Con đường hướng thiện" ${period.label}`,
    results: '',
    shortcomings: '',
    nextSteps: '',
    recipients: ['Như trên', 'Lưu: VT'],
    signerTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
    signerName: '',
  };
}

/** A unit's name and parent; 404 (field `/unitId`) when it does not exist. */
export async function unitName(q: Queryable, unitId: string): Promise<{ name: string; parentId: string | null }> {
  const [u] = await q.select({ name: units.name, parentId: units.parentId }).from(units).where(eq(units.id, unitId));
  if (!u) throw notFound({ vi: 'đơn vị', en: 'Unit' }, '/unitId');
  return u;
}

/** The saved report of a unit for a period, if any. */
export async function findReport(q: Queryable, unitId: string, period: ReportPeriod): Promise<UnitReportRow | null> {
  const [row] = await q
    .select()
    .from(unitReports)
    .where(and(eq(unitReports.unitId, unitId), eq(unitReports.periodFrom, period.from), eq(unitReports.periodTo, period.to)));
  return row ?? null;
}

export async function loadReport(q: Queryable, id: string): Promise<UnitReportRow> {
  const [row] = await q.select().from(unitReports).where(eq(unitReports.id, id));
  if (!row) throw notFound(reportWord, '/id');
  return row;
}

export function periodOfRow(row: UnitReportRow): ReportPeriod {
  return reportPeriod(row.periodKind as PeriodKind, row.periodFrom, row.periodTo);
}

/** The weights a unit's report of a period uses: the saved report's, else the defaults. */
export async function weightsFor(q: Queryable, unitId: string, period: ReportPeriod): Promise<RankingWeights> {
  return (await findReport(q, unitId, period))?.weights ?? DEFAULT_WEIGHTS;
}

/** Creates the draft if there is none (scheduled drafts, first edit); returns the saved row. */
/** The narrative a unit's report starts with, before anyone saved one (its name and place read). */
export async function draftNarrative(q: Queryable, unitId: string, period: ReportPeriod): Promise<ReportNarrative> {
  const [{ name }, place] = await Promise.all([unitName(q, unitId), unitPlace(q, unitId)]);
  return defaultNarrative(name, period, place);
}

export async function ensureDraft(q: Queryable, unitId: string, period: ReportPeriod): Promise<{ row: UnitReportRow; created: boolean }> {
  const existing = await findReport(q, unitId, period);
  if (existing) return { row: existing, created: false };
  const narrative = await draftNarrative(q, unitId, period);
  const [row] = await q
    .insert(unitReports)
    .values({ unitId, periodKind: period.kind, periodFrom: period.from, periodTo: period.to, narrative, weights: DEFAULT_WEIGHTS })
    .onConflictDoNothing()
    .returning();
  return row ? { row, created: true } : { row: (await findReport(q, unitId, period))!, created: false };
}

const editable: ReportState[] = ['draft', 'returned'];

/** Saves the narrative and weights of a draft (or a returned report); needs `report.write` on the unit. */
export async function saveDraft(
  q: Queryable,
  actor: Actor,
  unitId: string,
  period: ReportPeriod,
  patch: { narrative?: Partial<ReportNarrative> | undefined; weights?: RankingWeights | undefined },
): Promise<UnitReportRow> {
  await assertAllowedOnUnit(q, actor, 'report.write', unitId, '/unitId');
  return q.transaction(async (tx) => {
    const { row } = await ensureDraft(tx, unitId, period);
    if (!editable.includes(row.state)) throw conflict('REPORT_NOT_EDITABLE', { vi: 'Báo cáo đã gửi, không sửa được nữa (trừ khi cấp trên trả lại)', en: 'The report was submitted; it can be edited only if returned' });
    const weights = patch.weights ? checkWeights(patch.weights) : row.weights;
    const narrative = { ...row.narrative, ...patch.narrative };
    const [saved] = await tx.update(unitReports).set({ narrative, weights, updatedAt: new Date() }).where(eq(unitReports.id, row.id)).returning();
    return saved!;
  });
}

/**
 * Sends the report to the parent unit: the figures, weights and narrative are frozen as a
 * snapshot (readings keep arriving; a submitted report does not drift). Needs `report.write`
 * on the unit; a root unit has nobody to send to.
 */
export async function submitReport(q: Queryable, actor: Actor, id: string, now: Date): Promise<UnitReportRow> {
  const row = await loadReport(q, id);
  await assertAllowedOnUnit(q, actor, 'report.write', row.unitId, '/id');
  const { parentId } = await unitName(q, row.unitId);
  if (!parentId) throw invalid('REPORT_NO_PARENT', '/id', { vi: 'Đơn vị cấp cao nhất không có cấp trên để gửi báo cáo', en: 'A top unit has no parent to report to' });
  if (!editable.includes(row.state)) throw conflict('REPORT_ALREADY_SUBMITTED', { vi: 'Báo cáo đã được gửi', en: 'The report was already submitted' });
  const report = await buildReport(q, row.unitId, periodOfRow(row), row.weights, now);
  return q.transaction(async (tx) => {
    const [saved] = await tx
      .update(unitReports)
      .set({ state: 'submitted', snapshot: { report, narrative: row.narrative, weights: row.weights } as unknown as Record<string, unknown>, submittedAt: now, submittedBy: actingUserId(actor), returnComment: null, updatedAt: now })
      .where(and(eq(unitReports.id, id), inArray(unitReports.state, editable)))
      .returning();
    if (!saved) throw conflict('REPORT_ALREADY_SUBMITTED', { vi: 'Báo cáo đã được gửi', en: 'The report was already submitted' });
    await audit(tx, actor, { action: 'report.submit', entityType: 'unit_report', entityId: id, unitId: row.unitId, data: { from: row.periodFrom, to: row.periodTo } });
    await notifyUnitRoles(tx, parentId, ['viewer', 'approver', 'admin'], {
      kind: 'report_submitted',
      title: { vi: `Báo cáo ${report.period.label} của ${report.unit.name} đã được gửi lên`, en: `${report.unit.name} submitted its report for ${report.period.label}` },
    });
    return saved;
  });
}

/** The parent receives or returns a submitted report (needs `report.write` on the parent unit). */
export async function decideReport(q: Queryable, actor: Actor, id: string, decision: 'received' | 'returned', comment: string | undefined, now: Date): Promise<UnitReportRow> {
  const row = await loadReport(q, id);
  const { parentId } = await unitName(q, row.unitId);
  if (!parentId) throw notFound(reportWord, '/id');
  await assertAllowedOnUnit(q, actor, 'report.write', parentId, '/id');
  if (decision === 'returned' && !comment?.trim()) throw invalid('REPORT_RETURN_COMMENT_REQUIRED', '/comment', { vi: 'Cần ghi lý do trả lại báo cáo', en: 'Say why the report is returned' });
  return q.transaction(async (tx) => {
    const [saved] = await tx
      .update(unitReports)
      .set({ state: decision, decidedAt: now, decidedBy: actingUserId(actor), returnComment: decision === 'returned' ? comment!.trim() : null, updatedAt: now })
      .where(and(eq(unitReports.id, id), eq(unitReports.state, 'submitted')))
      .returning();
    if (!saved) throw conflict('REPORT_NOT_SUBMITTED', { vi: 'Chỉ tiếp nhận hoặc trả lại báo cáo đang chờ', en: 'Only a submitted report can be received or returned' });
    await audit(tx, actor, { action: `report.${decision === 'received' ? 'receive' : 'return'}`, entityType: 'unit_report', entityId: id, unitId: row.unitId, data: { comment: saved.returnComment } });
    await notifyUnitRoles(tx, row.unitId, ['viewer', 'approver', 'admin'], {
      kind: decision === 'received' ? 'report_received' : 'report_returned',
      title:
        decision === 'received'
          ? { vi: 'Cấp trên đã tiếp nhận báo cáo', en: 'The parent unit received the report' }
          : { vi: `Cấp trên trả lại báo cáo: ${saved.returnComment}`, en: `The parent unit returned the report: ${saved.returnComment}` },
    });
    return saved;
  });
}

/** A frozen report as stored at submission. */
export interface ReportSnapshot {
  report: Report;
  narrative: ReportNarrative;
  weights: RankingWeights;
}
