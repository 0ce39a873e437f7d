import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createChannel } from '../../../core/channels/create-channel.ts';
import { replaceCredentials } from '../../../core/channels/credentials.ts';
import { channelAbilities, manageableUnits } from '../../../core/channels/can.ts';
import { getChannel, listChannels } from '../../../core/channels/list-channels.ts';
import { pauseChannel, resumeChannel, updateChannel } from '../../../core/channels/update-channel.ts';
import type { ChannelView as ChannelViewData, ChannelWithSecret as ChannelWithSecretData } from '../../../core/channels/view.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { channelOfficerRoutes } from './officers.ts';
import { channelCheckRoutes, testAbility } from './test-connection.ts';
import {
  ChannelView,
  ChannelWithCan,
  ChannelWithSecret,
  channelJson,
  CreateBody,
  CredentialsBody,
  IdParams,
  ListQuery,
  PatchBody,
  PauseBody,
  ResumeBody,
} from './schemas.ts';

const tags = ['channels'];
const withSecretJson = (r: ChannelWithSecretData) => ({ ...channelJson(r.channel), ...(r.webhookSecret ? { webhookSecret: r.webhookSecret } : {}) });
const withCan = (view: ChannelViewData, manageable: ReadonlySet<string>) => {
  const can = channelAbilities(view, manageable);
  return { ...channelJson(view), can: { ...can, test: testAbility(view.platform, can.manage) } };
};
const date = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s));

/**
 * Channels: one account on one platform, owned by a unit. Reading needs `channel.read`
 * on the channel's unit; every change needs `channel.manage` (admins). Credentials are
 * write-only: responses say `hasCredentials` and never carry them.
 */
export const channelRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  await app.register(channelCheckRoutes, { ...deps, prefix: '' });
  await app.register(channelOfficerRoutes, { ...deps, prefix: '' });
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Danh sách kênh bạn được xem (lọc theo nền tảng, đơn vị, trạng thái; phân trang) · Channels you may see (filter by platform, unit, status; paginated)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ChannelWithCan), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const page = await listChannels(deps.db, request.actor, request.query);
      const manageable = await manageableUnits(deps.db, request.actor);
      return { items: page.items.map((c) => withCan(c, manageable)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Tạo kênh từ cấu hình và thông tin xác thực (được mã hoá, không bao giờ trả về) · Create a channel from settings and credentials (sealed, never returned)',
        body: CreateBody,
        response: { 201: ChannelWithSecret },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { credentialsExpiresAt, ...rest } = request.body;
      const created = await createChannel(deps.db, deps.secrets, request.actor, { ...rest, credentialsExpiresAt: date(credentialsExpiresAt) });
      return reply.status(201).send(withSecretJson(created));
    },
  );

  app.get('/:id', { schema: { tags, summary: 'Xem một kênh · One channel', params: IdParams, response: { 200: ChannelWithCan } } }, async (request) => {
    requireUser(request);
    const channel = await getChannel(deps.db, request.actor, request.params.id);
    return withCan(channel, await manageableUnits(deps.db, request.actor));
  });

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary:
          'Sửa tên, cấu hình (thay toàn bộ), trạng thái của kênh, xã của nhóm Zalo thủ công; đổi địa chỉ máy chủ phải kèm credentials mới · Edit name, settings, status, a manual Zalo group\'s commune; moving an endpoint to another origin needs new credentials',
        params: IdParams,
        body: PatchBody,
        response: { 200: ChannelWithSecret },
      },
    },
    async (request) => {
      requireUser(request);
      const { credentials, credentialsExpiresAt, ...rest } = request.body;
      const patch = { ...rest, credentials: credentials && { credentials, expiresAt: date(credentialsExpiresAt) } };
      return withSecretJson(await updateChannel(deps.db, deps.secrets, request.actor, request.params.id, patch));
    },
  );

  app.put(
    '/:id/credentials',
    {
      schema: {
        tags,
        summary: 'Thay thông tin xác thực của kênh (kết nối lại kênh đang cần kết nối lại) · Replace a channel\'s credentials (reconnects a channel that needs it)',
        params: IdParams,
        body: CredentialsBody,
        response: { 200: ChannelWithSecret },
      },
    },
    async (request) => {
      requireUser(request);
      const { credentials, expiresAt } = request.body;
      return withSecretJson(await replaceCredentials(deps.db, deps.secrets, request.actor, request.params.id, { credentials, expiresAt: date(expiresAt) }));
    },
  );

  app.post(
    '/:id/pause',
    { schema: { tags, summary: 'Tạm dừng đăng lên kênh, kèm lý do · Pause publishing to a channel, with a reason', params: IdParams, body: PauseBody, response: { 200: ChannelView } } },
    async (request) => {
      requireUser(request);
      return channelJson(await pauseChannel(deps.db, request.actor, request.params.id, request.body.reason));
    },
  );

  app.post(
    '/:id/resume',
    {
      schema: { tags, summary: 'Tiếp tục đăng lên kênh đã tạm dừng · Resume publishing to a paused channel', params: IdParams, body: ResumeBody, response: { 200: ChannelView } },
      // The body (an optional reason) may be left out entirely.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      requireUser(request);
      return channelJson(await resumeChannel(deps.db, request.actor, request.params.id, request.body.reason));
    },
  );
};
