import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConnectorError, type ChannelInfo } from '../../../connectors/contract.ts';
import { createConnectorFor, createHttpClient } from '../../../connectors/registry.ts';
import { channelFor } from '../../../core/channels/access.ts';
import { refusedBy, type Ability } from '../../../core/ability.ts';
import type { Platform } from '../../../lib/platforms.ts';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { checkSettings } from '../../../core/channels/platform-rules.ts';
import { assertAllowedOnUnit } from '../../../core/org/access.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { CreateBody, IdParams } from './schemas.ts';

const CheckResult = Type.Object({
  ok: Type.Literal(true),
  account: Type.Union([Type.String(), Type.Null()], { description: 'The account the credentials act as' }),
  note: Type.Union([Type.Object({ vi: Type.String(), en: Type.String() }), Type.Null()], { description: 'What the check could not cover' }),
});

const TestBody = Type.Pick(CreateBody, ['unitId', 'platform', 'settings', 'credentials', 'allowPrivateNetwork']);

const checkUnavailable = () =>
  invalid('CONNECTION_CHECK_UNAVAILABLE', '/platform', {
    vi: 'Loại kênh này không có bước kiểm tra kết nối (kết nối qua trang cấp quyền của nền tảng)',
    en: 'This kind of channel has no connection test (it connects through the platform’s consent page)',
  });

/** Whether POST /channels/{id}/test-connection would run for this platform, given that `manage` allows it. */
export function testAbility(platform: Platform, manage: Ability): Ability {
  if (!manage.allowed) return manage;
  return createConnectorFor({ platform }, {})?.checkConnection ? manage : refusedBy(checkUnavailable());
}

/**
 * "Test the connection" before saving a channel (WordPress, webhook): the connector's
 * read-only check with the settings and credentials as typed, so a wrong password is
 * refused on the form (422 on `/credentials` or `/settings`) instead of at the first
 * publish. Needs `channel.manage` on the unit. Nothing is stored.
 */
export const channelCheckRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  async function check(channel: ChannelInfo, credentials: Record<string, unknown> | null) {
    const connector = createConnectorFor(channel, {});
    if (!connector?.checkConnection) throw checkUnavailable();
    const log = deps.log.child({ channelId: channel.id, platform: channel.platform });
    try {
      const result = await connector.checkConnection({
        channel,
        credentials,
        http: createHttpClient({ allowPrivateNetwork: channel.allowPrivateNetwork }),
        log,
        signal: AbortSignal.timeout(30_000),
        now: () => deps.clock.now(),
      });
      return { ok: true as const, ...result };
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      log.info({ code: err.code, kind: err.kind }, 'channel.connection_check_failed');
      throw new AppError(err.code, 422, err.messages, err.kind === 'auth' ? '/credentials' : '/settings');
    }
  }

  app.post(
    '/test-connection',
    {
      schema: {
        tags: ['channels'],
        summary: 'Kiểm tra kết nối trước khi lưu kênh (WordPress, webhook): chỉ đọc, không lưu gì · Test a connection before saving a channel (WordPress, webhook): read-only, stores nothing',
        body: TestBody,
        response: { 200: CheckResult },
      },
    },
    async (request) => {
      requireUser(request);
      const { unitId, platform, settings, credentials, allowPrivateNetwork } = request.body;
      await assertAllowedOnUnit(deps.db, request.actor, 'channel.manage', unitId, '/unitId');
      const channel = { id: 'connection-check', name: '', platform, unitId, settings: checkSettings(platform, settings ?? {}), allowPrivateNetwork: allowPrivateNetwork ?? false, credentialsExpiresAt: null };
      return check(channel, credentials ?? null);
    },
  );

  app.post(
    '/:id/test-connection',
    {
      schema: {
        tags: ['channels'],
        summary: 'Kiểm tra kết nối của kênh đã lưu với thông tin xác thực đang lưu (chỉ đọc) · Test a saved channel\'s connection with its stored credentials (read-only)',
        params: IdParams,
        response: { 200: CheckResult },
      },
    },
    async (request) => {
      requireUser(request);
      const row = await channelFor(deps.db, request.actor, request.params.id, 'channel.manage');
      const channel = { id: row.id, name: row.name, platform: row.platform, unitId: row.unitId, settings: row.settings, allowPrivateNetwork: row.allowPrivateNetwork, credentialsExpiresAt: row.credentialsExpiresAt };
      return check(channel, openCredentials(deps.secrets, row.credentialsSealed));
    },
  );
};
