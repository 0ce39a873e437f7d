import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { youtubeConnect } from '../../../connectors/registry.ts';
import { channelFor } from '../../../core/channels/access.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { connectFlow, denied, exchangeRefused, navigation } from './connect-flow.ts';
import { afterGrant, appKeys } from './finish.ts';

const tags = ['oauth'];
const LABEL = 'Google (YouTube)';

/** The OAuth client (Google Cloud console) a channel needs before the consent page. */
function googleClient(deps: AppDeps, channel: ChannelRow): { clientId: string; clientSecret: string } {
  if (channel.platform !== 'youtube_channel') {
    throw invalid('CHANNEL_NOT_YOUTUBE', '/channelId', { vi: 'Kênh này không phải kênh YouTube', en: 'This channel is not a YouTube channel' });
  }
  const { clientId, clientSecret } = appKeys(deps, channel);
  if (!clientId || !clientSecret) {
    throw invalid('YT_CLIENT_MISSING', '/credentials/clientId', {
      vi: 'Hãy nhập clientId và clientSecret của OAuth client (Google Cloud console) vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the OAuth client id and secret (Google Cloud console) in the channel credentials before connecting',
    });
  }
  return { clientId, clientSecret };
}

/**
 * Connecting a YouTube channel with Google's authorization-code flow (platform-apis.md §2.8):
 * `start` sends the owner to Google's consent page (offline access, consent forced so a
 * refresh token comes back), `callback` trades the code, reads the account's channel
 * (channels.list mine=true) and stores the refresh token sealed; several channels, or none
 * named yet, go through the same choice as Facebook Pages (choices.ts).
 */
export const youtubeConnectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const flow = connectFlow(deps, { path: 'youtube', label: LABEL });

  app.get(
    '/start',
    {
      schema: {
        tags,
        summary: 'Kết nối kênh YouTube: chuyển chủ kênh tới trang đồng ý của Google (luồng mã uỷ quyền, truy cập ngoại tuyến)',
        querystring: Type.Object({ channelId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 302: Type.Null({ description: "Location: Google's consent page (or the web app page explaining why not)" }) },
      },
    },
    async (request, reply) => {
      const location = await navigation(request, async () => {
        requireUser(request);
        const channel = await channelFor(deps.db, request.actor, request.query.channelId, 'channel.manage');
        const { clientId } = googleClient(deps, channel);
        const state = flow.begin(request, reply, channel.id);
        return youtubeConnect.authorizationUrl(channel.settings, { clientId, redirectUri: flow.redirectUri, state });
      });
      return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
    },
  );

  app.get(
    '/callback',
    {
      schema: {
        tags,
        summary: 'Google gọi lại sau trang đồng ý: đổi mã lấy refresh token (mã hoá), rồi kết nối kênh YouTube',
        querystring: Type.Object(
          {
            state: Type.String({ minLength: 1, maxLength: 200 }),
            code: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: true },
        ),
        response: { 302: Type.Null({ description: 'Location: the web app page with the result, or the channel choice' }) },
      },
    },
    async (request, reply) => {
      const location = await navigation(request, async () => {
        const s = flow.end(request, reply, request.query.state);
        const { code } = request.query;
        if (!code) throw denied(LABEL);
        const channel = await channelFor(deps.db, request.actor, s.channelId, 'channel.manage');
        const keys = googleClient(deps, channel);
        let grant;
        try {
          grant = await youtubeConnect.exchangeGoogleCode({
            settings: channel.settings,
            allowPrivateNetwork: channel.allowPrivateNetwork,
            ...keys,
            code,
            redirectUri: flow.redirectUri,
            log: deps.log.child({ channelId: channel.id, platform: channel.platform }),
            now: deps.clock.now(),
          });
        } catch (err) {
          throw exchangeRefused(err, LABEL, ['YT_SCOPES_MISSING', 'YT_NO_REFRESH_TOKEN']);
        }
        return afterGrant(deps, {
          actor: request.actor,
          userId: s.userId,
          sessionToken: s.sessionToken,
          channel,
          grant: {
            platform: 'youtube_channel',
            youtube: { ...keys, refreshToken: grant.refreshToken, accessToken: grant.accessToken, accessTokenExpiresAt: grant.accessTokenExpiresAt?.toISOString() ?? null, channels: grant.channels.map((c) => ({ id: c.id, name: c.title })) },
          },
        });
      });
      return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
    },
  );
};
