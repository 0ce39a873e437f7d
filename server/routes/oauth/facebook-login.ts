import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { facebookConnect } from '../../../connectors/registry.ts';
import { channelFor } from '../../../core/channels/access.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { connectFlow, denied, exchangeRefused, navigation } from './connect-flow.ts';
import { afterGrant, appKeys } from './finish.ts';

const tags = ['oauth'];
const LABEL = 'Facebook';

/** The app's id (settings) and secret (credentials) a channel needs before Facebook Login. */
function facebookApp(deps: AppDeps, channel: ChannelRow): { appId: string; appSecret: string } {
  if (channel.platform !== 'facebook_page') {
    throw invalid('CHANNEL_NOT_FACEBOOK', '/channelId', { vi: 'Kênh này không phải Trang Facebook', en: 'This channel is not a Facebook Page' });
  }
  const appId = channel.settings.appId;
  if (typeof appId !== 'string' || appId === '') {
    throw invalid('FB_APP_ID_MISSING', '/settings/appId', {
      vi: 'Hãy nhập appId của ứng dụng Facebook (developers.facebook.com) vào cấu hình kênh trước khi kết nối',
      en: 'Enter the Facebook app id (developers.facebook.com) in the channel settings before connecting',
    });
  }
  const appSecret = appKeys(deps, channel).appSecret;
  if (!appSecret) {
    throw invalid('FB_APP_SECRET_MISSING', '/credentials/appSecret', {
      vi: 'Hãy nhập app secret của ứng dụng Facebook vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the Facebook app secret in the channel credentials before connecting',
    });
  }
  return { appId, appSecret };
}

/**
 * Connecting a Facebook Page with Facebook Login, server-side (no JavaScript SDK): `start`
 * sends the Page admin to the Login dialog with a `state` bound to their session and the
 * channel; `callback` trades the code for a user token, the long-lived one and the Pages it
 * manages, then connects the channel's Page — or, when the channel names none yet, lets the
 * admin choose it (choices.ts). Both need `channel.manage` and a browser session.
 */
export const facebookLoginRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const flow = connectFlow(deps, { path: 'facebook', label: LABEL });

  app.get(
    '/start',
    {
      schema: {
        tags,
        summary: 'Kết nối Trang Facebook: chuyển quản trị Trang tới hộp thoại Facebook Login (luồng mã uỷ quyền phía máy chủ)',
        querystring: Type.Object({ channelId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 302: Type.Null({ description: 'Location: the Facebook Login dialog (or the web app page explaining why not)' }) },
      },
    },
    async (request, reply) => {
      const location = await navigation(request, async () => {
        requireUser(request);
        const channel = await channelFor(deps.db, request.actor, request.query.channelId, 'channel.manage');
        const { appId } = facebookApp(deps, channel);
        const state = flow.begin(request, reply, channel.id);
        return facebookConnect.loginDialogUrl(channel.settings, { appId, redirectUri: flow.redirectUri, state });
      });
      return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
    },
  );

  app.get(
    '/callback',
    {
      schema: {
        tags,
        summary: 'Facebook gọi lại sau hộp thoại đăng nhập: đổi mã lấy mã truy cập, rồi kết nối Trang hoặc cho chọn Trang',
        querystring: Type.Object(
          {
            state: Type.String({ minLength: 1, maxLength: 200 }),
            code: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: true },
        ),
        response: { 302: Type.Null({ description: 'Location: the web app page with the result, or the Page choice' }) },
      },
    },
    async (request, reply) => {
      const location = await navigation(request, async () => {
        const s = flow.end(request, reply, request.query.state);
        const { code } = request.query;
        if (!code) throw denied(LABEL);
        const channel = await channelFor(deps.db, request.actor, s.channelId, 'channel.manage');
        const keys = facebookApp(deps, channel);
        let grant;
        try {
          grant = await facebookConnect.exchangeLoginCode({ settings: channel.settings, allowPrivateNetwork: channel.allowPrivateNetwork, ...keys, code, redirectUri: flow.redirectUri });
        } catch (err) {
          throw exchangeRefused(err, LABEL);
        }
        return afterGrant(deps, {
          actor: request.actor,
          userId: s.userId,
          sessionToken: s.sessionToken,
          channel,
          grant: {
            platform: 'facebook_page',
            facebook: { appSecret: keys.appSecret, userAccessToken: grant.userAccessToken, userTokenExpiresAt: grant.userTokenExpiresAt?.toISOString() ?? null, pages: grant.pages },
          },
        });
      });
      return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
    },
  );
};
