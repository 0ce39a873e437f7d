import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listPlannedTargets } from '../../../core/calendar/planned.ts';
import { loadCaller } from '../../../core/content/permissions.ts';
import { dueRangeOf } from '../../../core/deliveries/due-range.ts';
import { deliveryScopeOf } from '../../../core/deliveries/permits.ts';
import { listDeliveries } from '../../../core/deliveries/queries.ts';
import { requireGrantRoots } from '../../../core/org/access.ts';
import { subtreeUnitIds } from '../../../core/units.ts';
import { revisionStates, themes } from '../../../db/schema/enums.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { DeliveryView, toDeliveryView } from '../deliveries/schemas.ts';

/** A calendar page shows at most this many of each kind; `truncated` says when there were more. */
const CALENDAR_LIMIT = 1_000;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A Vietnam (Asia/Ho_Chi_Minh) day, YYYY-MM-DD, included' });

const PlannedView = Type.Object({
  itemId: Type.String(),
  unitId: Type.String(),
  revisionNumber: Type.Integer(),
  state: Type.Union(revisionStates.map((s) => Type.Literal(s))),
  title: Type.String(),
  theme: Type.Union(themes.map((t) => Type.Literal(t))),
  channel: Type.Object({ id: Type.String(), name: Type.String(), platform: Type.String() }),
  publishAt: Type.String({ format: 'date-time' }),
});

/**
 * GET /api/v1/calendar: one request per calendar page. Deliveries (approved items, with
 * their approved time, current time and `can` flags) and the planned targets of items
 * still in draft or review, between two Vietnam days, filtered by unit (with its
 * subtree), channel and theme, within what the reader may see.
 */
export const calendarRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Lịch đăng: lượt đăng và bài đang soạn/chờ duyệt theo giờ đăng (giờ Việt Nam), lọc theo đơn vị, kênh, chủ đề · Calendar: deliveries and draft/in-review items by due time (Vietnam time), filtered by unit, channel, theme',
        querystring: Type.Object(
          {
            fromDay: Day,
            toDay: Day,
            unitId: Type.Optional(Type.String({ format: 'uuid' })),
            channelId: Type.Optional(Type.String({ format: 'uuid' })),
            theme: Type.Optional(Type.Union(themes.map((t) => Type.Literal(t)))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ deliveries: Type.Array(DeliveryView), planned: Type.Array(PlannedView), truncated: Type.Boolean() }),
        },
      },
    },
    async (request) => {
      requireUser(request);
      const { roots } = await requireGrantRoots(deps.db, request.actor, 'content.read');
      const { fromDay, toDay, unitId, channelId, theme } = request.query;
      const range = dueRangeOf({ fromDay, toDay });
      const readableUnitIds = await subtreeUnitIds(deps.db, roots);
      const unitIds = unitId ? await subtreeUnitIds(deps.db, [unitId]) : undefined;
      const filter = { readableUnitIds, unitIds, channelId, theme, ...range };
      const [page, planned, scope] = await Promise.all([
        listDeliveries(deps.db, { ...filter, limit: CALENDAR_LIMIT }),
        listPlannedTargets(deps.db, { ...filter, limit: CALENDAR_LIMIT + 1 }),
        deliveryScopeOf(deps.db, await loadCaller(deps.db, request.actor)),
      ]);
      return {
        deliveries: page.items.map((r) => toDeliveryView(r, scope)),
        planned: planned.slice(0, CALENDAR_LIMIT).map((p) => ({ ...p, publishAt: p.publishAt.toISOString() })),
        truncated: page.nextCursor !== null || planned.length > CALENDAR_LIMIT,
      };
    },
  );
};
