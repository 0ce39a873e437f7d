import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../../connectors/contract.ts';
import { checkPastedPageToken, createHttpClient, exchangeForPageToken } from '../../../connectors/registry.ts';
import { channelFor } from '../../../core/channels/access.ts';
import { openCredentials, replaceCredentials } from '../../../core/channels/credentials.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const Params = Type.Object({ channelId: Type.String({ format: 'uuid' }) });
const Connected = Type.Object({
  channelId: Type.String(),
  status: Type.String(),
  pageName: Type.Union([Type.String(), Type.Null()]),
  credentialsExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/**
 * Connecting a Facebook Page (issue 4): either a user token from Facebook Login, exchanged
 * for a long-lived one and then the Page's token, or a Page token an admin pasted, checked
 * with debug_token. Either way the result replaces the channel's credentials (sealed), which
 * also reconnects the channel and releases its held deliveries.
 */
export const facebookConnectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  async function pageChannel(request: Parameters<typeof requireUser>[0], channelId: string) {
    requireUser(request);
    const channel = await channelFor(deps.db, request.actor, channelId, 'channel.manage');
    if (channel.platform !== 'facebook_page') {
      throw invalid('CHANNEL_NOT_FACEBOOK', '/channelId', { vi: 'Kênh này không phải Trang Facebook', en: 'This channel is not a Facebook Page' });
    }
    const pageId = typeof channel.settings.pageId === 'string' ? channel.settings.pageId : null;
    if (!pageId) throw invalid('FB_PAGE_ID_MISSING', '/settings/pageId', { vi: 'Kênh chưa có pageId', en: 'The channel has no pageId setting' });
    const http = createHttpClient({ allowPrivateNetwork: channel.allowPrivateNetwork });
    const stored = openCredentials(deps.secrets, channel.credentialsSealed) ?? {};
    return { channel, pageId, http, stored };
  }

  app.post(
    '/:channelId/login',
    {
      schema: {
        tags: ['channels'],
        summary: 'Kết nối Trang Facebook bằng mã người dùng từ Facebook Login (đổi sang mã dài hạn rồi mã Trang) · Connect a Facebook Page with a Facebook Login user token (exchanged for a long-lived token, then the Page token)',
        params: Params,
        body: Type.Object(
          { userAccessToken: Type.String({ minLength: 10, maxLength: 2000 }), appSecret: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Connected },
      },
    },
    async (request) => {
      const { channel, pageId, http, stored } = await pageChannel(request, request.params.channelId);
      const appId = typeof channel.settings.appId === 'string' ? channel.settings.appId : null;
      const appSecret = request.body.appSecret ?? stored.appSecret;
      if (!appId) throw invalid('FB_APP_ID_MISSING', '/settings/appId', { vi: 'Kênh chưa có appId của ứng dụng Facebook', en: 'The channel has no Facebook appId setting' });
      if (!appSecret) throw invalid('FB_APP_SECRET_MISSING', '/appSecret', { vi: 'Cần app secret của ứng dụng Facebook', en: 'The Facebook app secret is required' });
      const grant = await refusedAs('/userAccessToken', () =>
        exchangeForPageToken({ appId, appSecret, userToken: request.body.userAccessToken, pageId }, http, channel.settings),
      );
      const saved = await replaceCredentials(deps.db, deps.secrets, request.actor, channel.id, {
        credentials: { pageAccessToken: grant.pageAccessToken, userAccessToken: grant.userAccessToken, appSecret },
        // The Page token itself does not expire; the user token (video sessions) does.
        expiresAt: grant.userTokenExpiresAt,
      });
      return view(saved.channel, grant.pageName);
    },
  );

  app.post(
    '/:channelId/page-token',
    {
      schema: {
        tags: ['channels'],
        summary: 'Dán mã truy cập Trang (kiểm tra bằng debug_token trước khi lưu) · Paste a Page access token (checked with debug_token before saving)',
        params: Params,
        body: Type.Object(
          { pageAccessToken: Type.String({ minLength: 10, maxLength: 2000 }), appSecret: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Connected },
      },
    },
    async (request) => {
      const { channel, pageId, http, stored } = await pageChannel(request, request.params.channelId);
      const appSecret = request.body.appSecret ?? stored.appSecret ?? null;
      const appId = typeof channel.settings.appId === 'string' ? channel.settings.appId : null;
      const info = await refusedAs('/pageAccessToken', () =>
        checkPastedPageToken({ pageToken: request.body.pageAccessToken, pageId, appId, appSecret }, http, channel.settings),
      );
      const saved = await replaceCredentials(deps.db, deps.secrets, request.actor, channel.id, {
        credentials: { pageAccessToken: request.body.pageAccessToken, ...(appSecret ? { appSecret } : {}) },
        expiresAt: info.expiresAt,
      });
      return view(saved.channel, null);
    },
  );
};

function view(channel: { id: string; status: string; credentialsExpiresAt: Date | null }, pageName: string | null) {
  return { channelId: channel.id, status: channel.status, pageName, credentialsExpiresAt: channel.credentialsExpiresAt?.toISOString() ?? null };
}

/** A refusal by Facebook becomes a 422 on the field the user gave; a network failure a 502. */
async function refusedAs<T>(field: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ConnectorError)) throw err;
    if (err.kind === 'auth' || err.kind === 'permanent') throw new AppError(`FACEBOOK_${err.code}`, 422, err.messages, field);
    throw new AppError('FACEBOOK_UNREACHABLE', 502, { vi: `Không kết nối được Facebook: ${err.messages.vi}`, en: `Could not reach Facebook: ${err.messages.en}` });
  }
}
