import { approveItem } from '../../../core/content/approve.ts';
import { getRevisionDetail } from '../../../core/content/queries.ts';
import { rejectItem } from '../../../core/content/reject.ts';
import { submitItem } from '../../../core/content/submit.ts';
import type { ContentApp, ContentContext } from './index.ts';
import { itemDetail } from './items.ts';
import { ApproveBody, ApproveResult, IdParams, ItemDetailView, RejectBody } from './schemas.ts';
import { revisionView } from './views.ts';

const tags = ['content'];

export function workflowRoutes(app: ContentApp, ctx: ContentContext): void {
  const { db, clock } = ctx.deps;

  app.post(
    '/:id/submit',
    {
      schema: {
        tags,
        summary: 'Gửi bản nháp đi duyệt (kiểm tra kênh, độ dài theo từng kênh, sự đồng ý) · Submit the draft for approval (checks targets, per-channel lengths, consents)',
        params: IdParams,
        response: { 200: ItemDetailView },
      },
    },
    async (request) => {
      const caller = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        await submitItem(tx, ctx, c, request.params.id, clock.now());
        return c;
      });
      return itemDetail(db, ctx, caller, request.params.id);
    },
  );

  app.post(
    '/:id/approve',
    {
      schema: {
        tags,
        summary: 'Duyệt phiên bản đang chờ: đóng băng nội dung từng kênh và tạo lượt đăng · Approve the waiting revision: freezes each channel\'s content and creates the deliveries',
        params: IdParams,
        body: ApproveBody,
        response: { 200: ApproveResult },
      },
    },
    async (request) => {
      const { caller, result } = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        return { caller: c, result: await approveItem(tx, ctx, c, request.params.id, request.body ?? {}, clock.now()) };
      });
      const d = await getRevisionDetail(db, caller, request.params.id, result.revision.number);
      return { revision: revisionView(d.revision), deliveries: result.deliveryIds.length, corrections: result.corrections, superseded: result.superseded };
    },
  );

  app.post(
    '/:id/reject',
    {
      schema: {
        tags,
        summary: 'Từ chối phiên bản đang chờ duyệt (bắt buộc ghi lý do) · Reject the waiting revision (a reason is required)',
        params: IdParams,
        body: RejectBody,
        response: { 200: ItemDetailView },
      },
    },
    async (request) => {
      const caller = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        await rejectItem(tx, c, request.params.id, request.body, clock.now());
        return c;
      });
      return itemDetail(db, ctx, caller, request.params.id);
    },
  );
}
