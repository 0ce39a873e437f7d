import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { listActivities, recordActivity, type ActivityRow } from '../../../core/reports/activities.ts';
import { ACTIVITY_LABELS } from '../../../core/reports/labels.ts';
import { assertOrdered } from '../../../core/metrics/period.ts';
import { isAllowedOnUnit } from '../../../core/org/access.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { ActivityBody, ActivityView } from '../reports/schemas.ts';

const tags = ['activities'];

function view(a: ActivityRow & { clicks?: number }): Static<typeof ActivityView> {
  return {
    id: a.id,
    unitId: a.unitId,
    type: a.type,
    typeLabel: ACTIVITY_LABELS[a.type].label,
    occurredOn: a.occurredOn,
    title: a.title,
    quantity: a.quantity,
    estimatedAudience: a.estimatedAudience,
    proofMediaId: a.proofMediaId,
    itemId: a.itemId,
    linkId: a.linkId,
    note: a.note,
    clicks: a.clicks ?? 0,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * `/api/v1/activities`: outreach that is not an online post (radio, TV, print, commune
 * loudspeakers, banners, posters, leaflets, conferences). Recording needs `activity.record`
 * on the unit; reading, `report.read`. In reports they are rows of their own, never added
 * to online reach.
 */
export const activityRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  app.post(
    '',
    { schema: { tags, summary: 'Ghi nhận một hoạt động tuyên truyền trực tiếp (phát thanh, loa xã, áp phích, hội nghị …) · Record an offline outreach activity (radio, commune loudspeaker, poster, meeting …)', body: ActivityBody, response: { 201: ActivityView } } },
    async (request, reply) => {
      requireUser(request);
      const row = await recordActivity(db, request.actor, request.body, clock.now());
      return reply.code(201).send(view(row));
    },
  );

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Các hoạt động trực tiếp của một đơn vị và cấp dưới trong kỳ · Offline activities of a unit and the units below it in a period',
        querystring: Type.Object({ unitId: Type.String({ format: 'uuid' }), from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
        response: {
          200: Type.Object({
            items: Type.Array(ActivityView),
            can: Type.Object({ record: Type.Boolean({ description: 'Whether the caller may record an activity on this unit (activity.record)' }) }),
          }),
        },
      },
    },
    async (request) => {
      requireUser(request);
      const { unitId, from, to } = request.query;
      assertOrdered(from, to);
      const items = (await listActivities(db, request.actor, unitId, { from, to })).map(view);
      // The page offers its record form only to whom the server would let record (a manager reads only).
      const record = await isAllowedOnUnit(db, request.actor, 'activity.record', unitId);
      return { items, can: { record } };
    },
  );
};
