import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { readReportTop, readSavedReport, readSubmitted } from '../../../core/reports/access.ts';
import { isAllowedOnUnit } from '../../../core/org/access.ts';
import { DEFAULT_WEIGHTS } from '../../../core/reports/ranking.ts';
import { decideReport, draftNarrative, periodOfRow, saveDraft, submitReport, type UnitReportRow } from '../../../core/reports/workflow.ts';
import type { AppDeps } from '../../deps.ts';
import { reportView, TOP_CHANNELS } from './report-view.ts';
import { requireUser } from '../../plugins/auth.ts';
import { DraftBody, DraftView, IdParams, PeriodQuery, periodFromQuery, ReportSchema, SubmittedView, UnitParams, UnitReportView } from './schemas.ts';

const tags = ['reports'];
const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(row: UnitReportRow): Static<typeof UnitReportView> {
  return {
    id: row.id,
    unitId: row.unitId,
    period: periodOfRow(row),
    state: row.state,
    narrative: row.narrative,
    weights: row.weights,
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
    returnComment: row.returnComment,
  };
}

/**
 * `/api/v1/reports`: a unit's report for a period (computed fresh), its saved draft
 * (narrative, ranking weights), submission to the parent unit with a frozen snapshot, the
 * parent's receipt or return, and the exports (exports.ts).
 */
export const reportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  app.get(
    '/units/:unitId',
    {
      schema: {
        tags,
        summary: 'Báo cáo của một đơn vị trong kỳ: số liệu, phân tích theo đơn vị/nền tảng/chủ đề/bài, độ phủ xã, xếp hạng · A unit\'s report for a period: figures, breakdowns by unit/platform/theme/item, commune coverage, ranking',
        params: UnitParams,
        querystring: PeriodQuery,
        response: { 200: ReportSchema },
      },
    },
    async (request) => {
      requireUser(request);
      return readReportTop(db, request.actor, request.params.unitId, periodFromQuery(request.query), clock.now(), TOP_CHANNELS);
    },
  );

  app.get(
    '/units/:unitId/draft',
    {
      schema: {
        tags,
        summary: 'Phần lời của báo cáo kỳ này (bản nháp hoặc đã gửi); chưa lưu thì trả về mẫu mặc định · The report\'s text for this period (draft or submitted); the default template when none is saved',
        params: UnitParams,
        querystring: PeriodQuery,
        response: { 200: DraftView },
      },
    },
    async (request) => {
      requireUser(request);
      const period = periodFromQuery(request.query);
      // An editor or commune officer reads reports (report.read) but does not write them: the page shows the text without its buttons.
      const [row, write] = await Promise.all([
        readSavedReport(db, request.actor, request.params.unitId, period),
        isAllowedOnUnit(db, request.actor, 'report.write', request.params.unitId),
      ]);
      const can = { write };
      if (row) return { ...view(row), can };
      // The default text needs the unit's name and place only (readSavedReport has checked report.read), not a whole report's build.
      const narrative = await draftNarrative(db, request.params.unitId, period);
      return {
        can,
        id: null,
        unitId: request.params.unitId,
        period,
        state: 'draft' as const,
        narrative,
        weights: DEFAULT_WEIGHTS,
        submittedAt: null,
        decidedAt: null,
        returnComment: null,
      };
    },
  );

  app.put(
    '/units/:unitId/draft',
    {
      schema: {
        tags,
        summary: 'Lưu phần lời (số/ký hiệu, trích yếu, kết quả, tồn tại, phương hướng, nơi nhận, người ký) và trọng số xếp hạng · Save the report\'s text (number, abstract, results, shortcomings, next steps, recipients, signer) and ranking weights',
        params: UnitParams,
        body: DraftBody,
        response: { 200: UnitReportView },
      },
    },
    async (request) => {
      requireUser(request);
      const { narrative, weights, ...period } = request.body;
      return view(await saveDraft(db, request.actor, request.params.unitId, periodFromQuery(period), { narrative, weights }));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Một báo cáo đã lưu: bản chốt khi gửi đặt cạnh số liệu tính lại hôm nay, các chỗ chênh lệch · A saved report: the snapshot frozen at submission beside today\'s recomputed figures, and where they differ',
        params: IdParams,
        response: { 200: SubmittedView },
      },
    },
    async (request) => {
      requireUser(request);
      const r = await readSubmitted(db, request.actor, request.params.id, clock.now());
      return { report: view(r.row), snapshot: r.snapshot && reportView(r.snapshot), live: reportView(r.live), differences: r.differences };
    },
  );

  app.post(
    '/:id/submit',
    { schema: { tags, summary: 'Gửi báo cáo lên đơn vị cấp trên (chốt số liệu, trọng số và phần lời) · Submit the report to the parent unit (freezes the figures, weights and text)', params: IdParams, response: { 200: UnitReportView } } },
    async (request) => {
      requireUser(request);
      return view(await submitReport(db, request.actor, request.params.id, clock.now()));
    },
  );

  app.post(
    '/:id/receive',
    { schema: { tags, summary: 'Cấp trên tiếp nhận báo cáo · The parent unit receives the report', params: IdParams, response: { 200: UnitReportView } } },
    async (request) => {
      requireUser(request);
      return view(await decideReport(db, request.actor, request.params.id, 'received', undefined, clock.now()));
    },
  );

  app.post(
    '/:id/return',
    {
      schema: {
        tags,
        summary: 'Cấp trên trả lại báo cáo kèm lý do · The parent unit returns the report with a reason',
        params: IdParams,
        body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: UnitReportView },
      },
    },
    async (request) => {
      requireUser(request);
      return view(await decideReport(db, request.actor, request.params.id, 'returned', request.body.comment, clock.now()));
    },
  );

};
