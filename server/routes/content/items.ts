import { Type } from '@sinclair/typebox';
import { itemAbilities } from '../../../core/content/can.ts';
import { createItem } from '../../../core/content/create-item.ts';
import { editItem, editRevision } from '../../../core/content/edit.ts';
import { getItemDetail, getRevisionDetail, listItems } from '../../../core/content/queries.ts';
import type { Caller } from '../../../core/content/permissions.ts';
import type { Queryable } from '../../../db/client.ts';
import type { ContentApp, ContentContext } from './index.ts';
import {
  CreateBody,
  IdParams,
  ItemDetailView,
  ItemSummaryView,
  ListQuery,
  PatchBody,
  RevisionDetailView,
  RevisionParams,
} from './schemas.ts';
import { itemSummaryView, revisionView, targetView, toRevisionInput } from './views.ts';

const tags = ['content'];

/** The item as the app shows it, with what the caller may do with it now (`can`). */
export async function itemDetail(q: Queryable, ctx: ContentContext, caller: Caller, id: string) {
  const d = await getItemDetail(q, caller, id);
  const can = await itemAbilities(q, ctx, caller, d.item, ctx.deps.clock.now());
  return {
    item: itemSummaryView(d.summary),
    revisions: d.revisions.map(revisionView),
    approvals: d.approvals.map((a) => ({
      id: a.approval.id,
      revision: a.revision,
      decision: a.approval.decision,
      comment: a.approval.comment,
      decidedBy: a.approval.decidedBy,
      decidedByName: a.decidedByName,
      decidedAt: a.approval.decidedAt.toISOString(),
    })),
    targets: d.targets.map(targetView),
    can,
  };
}

export function itemRoutes(app: ContentApp, ctx: ContentContext): void {
  const { db } = ctx.deps;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Danh sách bài viết (tìm theo tiêu đề; lọc theo trạng thái, chủ đề, đơn vị, khoảng thời gian đăng; phân trang) · Items (search by title; filter by state, theme, unit, publishing time range; paginated)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ItemSummaryView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const caller = await ctx.caller(db, request);
      const { from, to, ...filters } = request.query;
      const page = await listItems(db, caller, { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
      return { items: page.items.map(itemSummaryView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'Chi tiết bài viết: các phiên bản, quyết định duyệt, kênh đăng · An item\'s details: revisions, approval decisions, targets', params: IdParams, response: { 200: ItemDetailView } } },
    async (request) => itemDetail(db, ctx, await ctx.caller(db, request), request.params.id),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Tạo bài viết mới (phiên bản 1, bản nháp) · Create an item (revision 1, draft)',
        body: CreateBody,
        response: { 201: ItemDetailView },
      },
    },
    async (request, reply) => {
      const { unitId, title, body, theme, ...rest } = request.body;
      const { caller, id } = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        const created = await createItem(tx, c, { ...toRevisionInput(rest), unitId, title, body, theme });
        return { caller: c, id: created.item.id };
      });
      return reply.status(201).send(await itemDetail(db, ctx, caller, id));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Sửa bài: sửa bản nháp, hoặc tạo phiên bản nháp mới nếu bài đã được quyết định · Edit an item: edits the draft, or starts a new draft revision when the last one was decided',
        params: IdParams,
        body: PatchBody,
        response: { 200: ItemDetailView },
      },
    },
    async (request) => {
      const caller = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        await editItem(tx, c, request.params.id, toRevisionInput(request.body));
        return c;
      });
      return itemDetail(db, ctx, caller, request.params.id);
    },
  );

  app.get(
    '/:id/revisions/:n',
    { schema: { tags, summary: 'Một phiên bản của bài, kèm kênh đăng · One revision of an item, with its targets', params: RevisionParams, response: { 200: RevisionDetailView } } },
    async (request) => {
      const d = await getRevisionDetail(db, await ctx.caller(db, request), request.params.id, request.params.n);
      return { revision: revisionView(d.revision), targets: d.targets.map(targetView) };
    },
  );

  app.patch(
    '/:id/revisions/:n',
    {
      schema: {
        tags,
        summary: 'Sửa một phiên bản nháp (phiên bản đã gửi duyệt không sửa được: 409) · Edit a draft revision (a submitted revision cannot be edited: 409)',
        params: RevisionParams,
        body: PatchBody,
        response: { 200: RevisionDetailView },
      },
    },
    async (request) => {
      const { id, n } = request.params;
      const caller = await db.transaction(async (tx) => {
        const c = await ctx.caller(tx, request);
        await editRevision(tx, c, id, n, toRevisionInput(request.body));
        return c;
      });
      const d = await getRevisionDetail(db, caller, id, n);
      return { revision: revisionView(d.revision), targets: d.targets.map(targetView) };
    },
  );
}
