import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listNotifications, markRead, textsFor } from '../../../core/notifications/inbox.ts';
import { MAX_LIMIT } from '../../../core/org/pagination.ts';
import { notFound } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const NotificationView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  decided: Type.Union([Type.String(), Type.Null()], {
    description: 'An approval request whose revision has left review: its state now (approved, rejected, superseded, expired); else null',
  }),
});

export const notificationRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Thông báo của tôi (mới nhất trước) · My notifications (newest first)',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 30 }),
          cursor: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationView), nextCursor: Type.Union([Type.String(), Type.Null()]), unread: Type.Integer() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const page = await listNotifications(deps.db, user.id, { unreadOnly: request.query.unread ?? false, limit: request.query.limit, cursor: request.query.cursor, now: deps.clock.now() });
      return {
        ...page,
        items: page.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          ...textsFor(n, user.locale),
          data: n.data,
          readAt: n.readAt?.toISOString() ?? null,
          createdAt: n.createdAt.toISOString(),
          decided: n.decided,
        })),
      };
    },
  );

  app.post(
    '/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Đánh dấu đã đọc · Mark read',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const n = await markRead(deps.db, user.id, deps.clock.now(), request.params.id);
      if (n === 0) throw notFound({ vi: 'thông báo chưa đọc', en: 'Unread notification' }, '/id');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/read-all',
    { schema: { tags: ['notifications'], summary: 'Đánh dấu tất cả đã đọc · Mark all read', response: { 200: Type.Object({ marked: Type.Integer() }) } } },
    async (request) => {
      const user = requireUser(request);
      return { marked: await markRead(deps.db, user.id, deps.clock.now()) };
    },
  );
};
