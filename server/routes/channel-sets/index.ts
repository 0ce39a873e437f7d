import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  addChannelSetMembers,
  createChannelSet,
  deleteChannelSet,
  getChannelSet,
  listChannelSets,
  removeChannelSetMember,
  renameChannelSet,
  type ChannelSetView as ChannelSetData,
} from '../../../core/channels/channel-sets.ts';
import { manageAbility, manageableUnits } from '../../../core/channels/can.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { ChannelView, channelJson, IdParams } from '../channels/schemas.ts';
import { Ability } from '../content/schemas.ts';

const tags = ['channel-sets'];
const ChannelIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5000 });
const ChannelSetView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  unitId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  channelIds: Type.Array(Type.String({ format: 'uuid' })),
  createdAt: Type.String({ format: 'date-time' }),
});
const ListedSet = Type.Composite([
  ChannelSetView,
  Type.Object({ can: Type.Object({ manage: Ability }, { description: 'manage: rename, change members, delete (channel.manage on the set’s unit)' }) }),
]);
const setJson = (s: ChannelSetData) => ({ ...s, createdAt: s.createdAt.toISOString() });
const Name = Type.String({ minLength: 1, maxLength: 200 });

/**
 * Channel sets: named groups of channels owned by a unit, used as targets in one step.
 * A set holds only channels of its unit's subtree; changes need `channel.manage` there.
 */
export const channelSetRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Danh sách nhóm kênh bạn được xem · Channel sets you may see',
        querystring: Type.Object({ unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Sets of this unit and its sub-units' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ListedSet) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const sets = await listChannelSets(deps.db, request.actor, request.query);
      const manageable = await manageableUnits(deps.db, request.actor);
      return { items: sets.map((set) => ({ ...setJson(set), can: { manage: manageAbility(set.unitId, manageable) } })) };
    },
  );

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Tạo nhóm kênh của một đơn vị · Create a unit\'s channel set',
        body: Type.Object({ unitId: Type.String({ format: 'uuid' }), name: Name, channelIds: Type.Optional(ChannelIds) }, { additionalProperties: false }),
        response: { 201: ChannelSetView },
      },
    },
    async (request, reply) => {
      requireUser(request);
      return reply.status(201).send(setJson(await createChannelSet(deps.db, request.actor, request.body)));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Xem nhóm kênh và các kênh trong nhóm · A channel set and its channels',
        params: IdParams,
        response: { 200: Type.Composite([ChannelSetView, Type.Object({ channels: Type.Array(ChannelView) })]) },
      },
    },
    async (request) => {
      requireUser(request);
      const set = await getChannelSet(deps.db, request.actor, request.params.id);
      return { ...setJson(set), channels: set.channels.map(channelJson) };
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Đổi tên nhóm kênh · Rename a channel set',
        params: IdParams,
        body: Type.Object({ name: Name }, { additionalProperties: false }),
        response: { 200: ChannelSetView },
      },
    },
    async (request) => {
      requireUser(request);
      return setJson(await renameChannelSet(deps.db, request.actor, request.params.id, request.body.name));
    },
  );

  app.delete('/:id', { schema: { tags, summary: 'Xoá nhóm kênh (không xoá kênh) · Delete a channel set (its channels stay)', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    requireUser(request);
    await deleteChannelSet(deps.db, request.actor, request.params.id);
    return reply.status(204).send(null);
  });

  app.post(
    '/:id/members',
    {
      schema: {
        tags,
        summary: 'Thêm kênh vào nhóm · Add a channel to the set',
        params: IdParams,
        body: Type.Object({ channelIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
        response: { 200: ChannelSetView },
      },
    },
    async (request) => {
      requireUser(request);
      return setJson(await addChannelSetMembers(deps.db, request.actor, request.params.id, request.body.channelIds));
    },
  );

  app.delete(
    '/:id/members/:channelId',
    {
      schema: {
        tags,
        summary: 'Bỏ một kênh khỏi nhóm · Remove a channel from the set',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), channelId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await removeChannelSetMember(deps.db, request.actor, request.params.id, request.params.channelId);
      return reply.status(204).send(null);
    },
  );
};
