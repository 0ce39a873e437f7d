import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { zaloConnect } from '../../../connectors/registry.ts';
import { ConnectorError } from '../../../connectors/contract.ts';
import { channelFor } from '../../../core/channels/access.ts';
import { openCredentials, replaceCredentials } from '../../../core/channels/credentials.ts';
import { releaseChannelDeliveries } from '../../../core/deliveries/channel-state.ts';
import { AppError, conflict, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { escapeMarkup } from '../../site/html.ts';
import { callbackWithoutSession } from './connect-flow.ts';
import { CONNECT_TTL_MS, newState, openState, sealState, sessionHash } from './state.ts';

const tags = ['oauth'];
const COOKIE = 'loa_oauth_zalo';
const COOKIE_PATH = '/api/v1/oauth/zalo';

const sessionRequired = () =>
  new AppError('OAUTH_SESSION_REQUIRED', 403, {
    vi: 'Kết nối Zalo OA cần đăng nhập trên trình duyệt (không dùng API token)',
    en: 'Connecting a Zalo OA needs a browser sign-in (not an API token)',
  });

function appOf(secrets: AppDeps['secrets'], sealed: string | null): { appId: string; appSecret: string } {
  const c = openCredentials(secrets, sealed);
  if (!c?.appId || !c.appSecret) {
    throw invalid('ZALO_APP_MISSING', '/credentials/appId', {
      vi: 'Hãy nhập appId và appSecret của ứng dụng Zalo (developers.zalo.me) vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the Zalo app id and secret (developers.zalo.me) in the channel credentials before connecting',
    });
  }
  return { appId: c.appId, appSecret: c.appSecret };
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeMarkup(title)}</title></head>` +
  `<body><main><h1>${escapeMarkup(title)}</h1><p>${escapeMarkup(text)}</p><p><a href="/">Về trang chính</a></p></main></body></html>`;

/**
 * OAuth connect flows. Zalo OA (OAuth v4 with PKCE S256): `start` sends the OA admin to Zalo's
 * permission page with a code challenge and a `state` bound to their session and the channel
 * (sealed in a short-lived cookie); `callback` checks the state, trades the code for the token
 * pair and stores it sealed — after which the channel's waiting deliveries go out. Tokens can
 * also be pasted through PUT /api/v1/channels/{id}/credentials. Both need `channel.manage`.
 */
export const oauthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const redirectUri = `${deps.config.publicUrl}${COOKIE_PATH}/callback`;
  const secure = deps.config.publicUrl.startsWith('https://');

  app.get(
    '/zalo/start',
    {
      schema: {
        tags,
        summary: 'Kết nối kênh Zalo OA: chuyển người quản trị OA tới trang cấp quyền của Zalo (PKCE) · Connect a Zalo OA channel: sends the OA admin to Zalo\'s permission page (PKCE)',
        querystring: Type.Object({ channelId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 302: Type.Null({ description: 'Location: the Zalo permission page' }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (!request.sessionToken) throw sessionRequired();
      const channel = await channelFor(deps.db, request.actor, request.query.channelId, 'channel.manage');
      if (channel.platform !== 'zalo_oa') {
        throw invalid('OAUTH_NOT_SUPPORTED', '/channelId', { vi: 'Kênh này không kết nối bằng Zalo OA', en: 'This channel does not connect through Zalo OA' });
      }
      const { appId } = appOf(deps.secrets, channel.credentialsSealed);
      const pkce = zaloConnect.createPkcePair();
      const state = newState();
      const sealed = sealState(deps.secrets, {
        state,
        verifier: pkce.verifier,
        channelId: channel.id,
        userId: user.id,
        sessionHash: sessionHash(request.sessionToken),
        expiresAt: deps.clock.now().getTime() + CONNECT_TTL_MS,
      });
      reply.setCookie(COOKIE, sealed, { httpOnly: true, sameSite: 'lax', secure, path: COOKIE_PATH, maxAge: CONNECT_TTL_MS / 1000 });
      const location = zaloConnect.permissionUrl(channel.settings, { appId, redirectUri, codeChallenge: pkce.challenge, state });
      return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
    },
  );

  app.get(
    '/zalo/callback',
    {
      schema: {
        tags,
        summary: 'Zalo gọi lại sau khi người quản trị OA cấp quyền: lưu mã truy cập (mã hoá) · Zalo calls back after the OA admin grants access: stores the access token (sealed)',
        querystring: Type.Object(
          {
            state: Type.String({ minLength: 1, maxLength: 200 }),
            code: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
            oa_id: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: true },
        ),
        response: { 200: Type.String({ description: 'A short Vietnamese HTML page' }) },
      },
    },
    async (request, reply) => {
      if (!request.user) throw callbackWithoutSession(request.host, deps.config.publicUrl, 'Zalo');
      const user = requireUser(request);
      if (!request.sessionToken) throw sessionRequired();
      const s = openState(deps.secrets, request.cookies[COOKIE], { state: request.query.state, sessionToken: request.sessionToken, userId: user.id, now: deps.clock.now() });
      reply.clearCookie(COOKIE, { path: COOKIE_PATH });
      const { code, oa_id: oaId } = request.query;
      if (!code) {
        throw invalid('OAUTH_DENIED', '/code', { vi: 'Zalo không trả mã uỷ quyền: người quản trị OA chưa cấp quyền cho Loa', en: 'Zalo returned no authorization code: the OA admin did not grant access' });
      }
      const channel = await channelFor(deps.db, request.actor, s.channelId, 'channel.manage');
      const expectedOa = channel.settings.oaId;
      if (typeof expectedOa === 'string' && expectedOa !== '' && oaId && oaId !== expectedOa) {
        throw conflict('ZALO_OA_MISMATCH', {
          vi: `Tài khoản vừa cấp quyền là OA ${oaId}, không phải OA ${expectedOa} của kênh này; hãy đăng nhập Zalo bằng tài khoản quản trị đúng OA`,
          en: `Access was granted for OA ${oaId}, not this channel's OA ${expectedOa}; sign in to Zalo as an admin of the right OA`,
        });
      }
      const app = appOf(deps.secrets, channel.credentialsSealed);
      let grant: Awaited<ReturnType<typeof zaloConnect.exchangeCode>>;
      try {
        grant = await zaloConnect.exchangeCode({ settings: channel.settings, allowPrivateNetwork: channel.allowPrivateNetwork, ...app, code, codeVerifier: s.verifier, now: deps.clock.now() });
      } catch (err) {
        if (!(err instanceof ConnectorError)) throw err;
        request.log.warn({ code: err.code, platformCode: err.platformCode, channelId: channel.id }, 'oauth.zalo_exchange_failed');
        throw new AppError('ZALO_CONNECT_FAILED', 502, err.messages);
      }
      await replaceCredentials(deps.db, deps.secrets, request.actor, channel.id, { credentials: zaloConnect.credentials(app, grant), expiresAt: grant.expiresAt });
      await deps.db.transaction((tx) => releaseChannelDeliveries(tx, request.actor, channel.id, deps.clock.now()));
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page('Đã kết nối Zalo OA', `Kênh "${channel.name}" đã được kết nối với Zalo OA. Các bài đang chờ trên kênh sẽ được đăng tiếp. Bạn có thể đóng trang này.`));
    },
  );
};
