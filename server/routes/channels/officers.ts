import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getChannelOfficers, setChannelOfficers } from '../../../core/channels/officers.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { IdParams } from './schemas.ts';

const Officer = Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String(), email: Type.String() });
const OfficersView = Type.Object({
  officers: Type.Array(Officer, { description: 'The commune officers who post into this group' }),
  candidates: Type.Array(Officer, { description: "Who may be named: active commune officers of the group's unit and the units above it" }),
});

/**
 * The commune officers of a manual Zalo group: the people its tasks reach on /xa and in
 * notifications. Reading needs `channel.read`; naming them `channel.manage`.
 */
export const channelOfficerRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const tags = ['channels'];
  app.get(
    '/:id/officers',
    { schema: { tags, summary: 'Cán bộ xã đăng vào nhóm Zalo này, và những người có thể chọn · The officers who post into this manual group, and who may be named', params: IdParams, response: { 200: OfficersView } } },
    async (request) => {
      requireUser(request);
      return getChannelOfficers(deps.db, request.actor, request.params.id);
    },
  );

  app.put(
    '/:id/officers',
    {
      schema: {
        tags,
        summary: 'Chọn cán bộ xã đăng vào nhóm Zalo (thay toàn bộ danh sách) · Name the officers who post into a manual group (replaces the list)',
        params: IdParams,
        body: Type.Object({ userIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 }) }, { additionalProperties: false }),
        response: { 200: OfficersView },
      },
    },
    async (request) => {
      requireUser(request);
      return setChannelOfficers(deps.db, request.actor, request.params.id, request.body.userIds);
    },
  );
};
