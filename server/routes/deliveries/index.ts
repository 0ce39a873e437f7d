import { Type } from '@sinclair/typebox';
import { retryCorrection } from '../../../core/corrections/retry.ts';
import { attemptsAsSeenBy } from '../../../core/deliveries/attempt-excerpts.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { cancelDelivery, markReconciled, publishNow, requestTakedown, retryDelivery } from '../../../core/deliveries/actions.ts';
import { loadCaller } from '../../../core/content/permissions.ts';
import { dueRangeOf } from '../../../core/deliveries/due-range.ts';
import { deliveryScopeOf } from '../../../core/deliveries/permits.ts';
import { getDelivery, listDeliveries } from '../../../core/deliveries/queries.ts';
import { rescheduleDelivery } from '../../../core/deliveries/reschedule.ts';
import { assertAllowedOnUnit, requireGrantRoots } from '../../../core/org/access.ts';
import { subtreeUnitIds } from '../../../core/units.ts';
import { deliveryStates, themes } from '../../../db/schema/enums.ts';
import { notFound } from '../../../lib/errors.ts';
import { renderForChannel } from '../../../templates/render.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { AttemptView, DeliveryView, toDeliveryView } from './schemas.ts';

const Day = Type.String({ format: 'date', description: 'A Vietnam (Asia/Ho_Chi_Minh) day, YYYY-MM-DD' });

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const deliveryRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  /** Loads the delivery and checks `delivery.manage` (or `content.read`) on its item's unit. */
  async function load(request: FastifyRequest, id: string, action: 'content.read' | 'delivery.manage') {
    requireUser(request);
    const row = await getDelivery(deps.db, id);
    if (!row) throw notFound({ vi: 'lượt đăng', en: 'Delivery' }, '/id');
    await assertAllowedOnUnit(deps.db, request.actor, action, row.itemUnitId);
    return row;
  }
  const scopeOf = async (request: FastifyRequest) => deliveryScopeOf(deps.db, await loadCaller(deps.db, request.actor));
  const viewOf = async (request: FastifyRequest, id: string) => toDeliveryView((await getDelivery(deps.db, id))!, await scopeOf(request));

  app.get(
    '/',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Danh sách lượt đăng (mỗi bài × mỗi kênh), lọc theo giờ đăng, đơn vị, kênh, chủ đề · Deliveries (each item × each channel), filtered by due time, unit, channel, theme',
        querystring: Type.Object({
          state: Type.Optional(Type.Union(deliveryStates.map((s) => Type.Literal(s)))),
          itemId: Type.Optional(Type.String({ format: 'uuid' })),
          channelId: Type.Optional(Type.String({ format: 'uuid' })),
          unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Items of this unit and the units below it' })),
          theme: Type.Optional(Type.Union(themes.map((t) => Type.Literal(t)))),
          dueFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Due at or after this instant' })),
          dueTo: Type.Optional(Type.String({ format: 'date-time', description: 'Due before this instant' })),
          fromDay: Type.Optional(Day),
          toDay: Type.Optional(Day),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(DeliveryView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const { roots } = await requireGrantRoots(deps.db, request.actor, 'content.read');
      const { unitId, dueFrom, dueTo, fromDay, toDay, ...filter } = request.query;
      const page = await listDeliveries(deps.db, {
        ...filter,
        ...dueRangeOf({ dueFrom, dueTo, fromDay, toDay }),
        unitIds: unitId ? await subtreeUnitIds(deps.db, [unitId]) : undefined,
        readableUnitIds: await subtreeUnitIds(deps.db, roots),
      });
      const scope = await scopeOf(request);
      return { items: page.items.map((r) => toDeliveryView(r, scope)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Chi tiết lượt đăng và các lần thử · A delivery\'s details and its attempts',
        params: IdParams,
        response: { 200: Type.Intersect([DeliveryView, Type.Object({ attempts: Type.Array(AttemptView) })]) },
      },
    },
    async (request) => {
      const row = await load(request, request.params.id, 'content.read');
      return {
        ...toDeliveryView(row, await scopeOf(request)),
        attempts: (await attemptsAsSeenBy(deps.db, request.actor, row.delivery.channelId, row.attempts)).map((a) => ({
          ...a,
          startedAt: a.startedAt.toISOString(),
          finishedAt: a.finishedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  const action = { tags: ['deliveries'], params: IdParams, response: { 200: DeliveryView } };

  app.post(
    '/:id/reschedule',
    {
      schema: {
        tags: ['deliveries'],
        params: IdParams,
        summary: 'Đổi giờ đăng: người duyệt đổi trực tiếp; biên tập viên đổi thì tạo phiên bản mới gửi duyệt · Reschedule: an approver moves it directly; an editor\'s move starts a new revision for approval',
        description:
          'Times are approved with the revision. An approver covering the item and the channel moves the delivery (200). ' +
          "An editor's move becomes a new revision with this target's new time, submitted for approval (202); the delivery keeps its approved time until then. " +
          "A time past the approval's or a consent's expiry is a 422 on /dueAt.",
        body: Type.Object({ dueAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
        response: {
          200: DeliveryView,
          202: Type.Object({ outcome: Type.Literal('revision_submitted'), revisionNumber: Type.Integer(), delivery: DeliveryView }),
        },
      },
    },
    async (request, reply) => {
      await load(request, request.params.id, 'delivery.manage');
      const result = await deps.db.transaction(async (tx) =>
        rescheduleDelivery(
          tx,
          { render: (content, channel) => renderForChannel(content, channel, deps.config.publicUrl) },
          await loadCaller(tx, request.actor),
          request.params.id,
          new Date(request.body.dueAt),
          deps.clock.now(),
        ),
      );
      const delivery = await viewOf(request, request.params.id);
      if (result.outcome === 'moved') return delivery;
      return reply.status(202).send({ outcome: result.outcome, revisionNumber: result.revisionNumber, delivery });
    },
  );

  app.post('/:id/cancel', { schema: { ...action, summary: 'Huỷ lượt đăng chưa bắt đầu · Cancel a delivery that has not started' } }, async (request) => {
    await load(request, request.params.id, 'delivery.manage');
    await cancelDelivery(deps.db, request.actor, request.params.id);
    return viewOf(request, request.params.id);
  });

  app.post('/:id/publish-now', { schema: { ...action, summary: 'Đăng ngay · Publish now' } }, async (request) => {
    await load(request, request.params.id, 'delivery.manage');
    await publishNow(deps.db, request.actor, request.params.id, deps.clock.now());
    return viewOf(request, request.params.id);
  });

  app.post('/:id/retry', { schema: { ...action, summary: 'Thử lại lượt đăng đã thất bại · Retry a failed delivery' } }, async (request) => {
    await load(request, request.params.id, 'delivery.manage');
    await retryDelivery(deps.db, request.actor, request.params.id, deps.clock.now());
    return viewOf(request, request.params.id);
  });

  app.post(
    '/:id/retry-correction',
    { schema: { ...action, summary: 'Thử lại sửa bài đã đăng theo phiên bản mới (lần sửa trước thất bại) · Retry editing the published post to the newer revision after a failed correction' } },
    async (request) => {
      await load(request, request.params.id, 'delivery.manage');
      await retryCorrection(deps.db, request.actor, request.params.id, deps.clock.now());
      return viewOf(request, request.params.id);
    },
  );

  app.post(
    '/:id/mark-reconciled',
    {
      schema: {
        ...action,
        summary: 'Xác nhận thủ công kết quả của lượt đăng chưa rõ (unconfirmed) · Settle an unconfirmed delivery by hand',
        body: Type.Union([
          Type.Object({ outcome: Type.Literal('published'), externalId: Type.String({ minLength: 1, maxLength: 500 }), url: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })) }, { additionalProperties: false }),
          Type.Object({ outcome: Type.Literal('absent') }, { additionalProperties: false }),
          Type.Object({ outcome: Type.Literal('failed'), reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        ]),
      },
    },
    async (request) => {
      await load(request, request.params.id, 'delivery.manage');
      await markReconciled(deps.db, request.actor, request.params.id, request.body, deps.clock.now());
      return viewOf(request, request.params.id);
    },
  );

  app.post(
    '/:id/take-down',
    {
      schema: {
        tags: ['deliveries'],
        params: IdParams,
        summary: 'Gỡ bài đã đăng khỏi nền tảng (rút đồng ý, yêu cầu pháp lý, sai sót) · Take a published post down from the platform (consent withdrawn, legal request, mistake)',
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 202: Type.Object({ accepted: Type.Literal(true) }) },
      },
    },
    async (request, reply) => {
      await load(request, request.params.id, 'delivery.manage');
      await requestTakedown(deps.db, request.actor, request.params.id, request.body.reason);
      return reply.status(202).send({ accepted: true });
    },
  );
};
