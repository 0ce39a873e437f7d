import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConnectorError } from '../../../connectors/contract.ts';
import { AppError } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { CONNECT_TTL_MS, newState, openState, sealState, sessionHash, type ConnectState } from './state.ts';

/** The web app's page that tells how a connect flow ended (web/features/channels/ConnectResultPage.tsx). */
export const CONNECT_RESULT_PAGE = '/app/kenh/ket-noi';

export type ConnectPath = 'facebook' | 'youtube' | 'zalo';

export const sessionRequired = (label: string) =>
  new AppError('OAUTH_SESSION_REQUIRED', 403, {
    vi: `Kết nối ${label} cần đăng nhập trên trình duyệt (không dùng API token)`,
    en: `Connecting ${label} needs a browser sign-in (not an API token)`,
  });

/**
 * The callback arrived without Loa's session cookie. The usual cause: Loa was opened at
 * another address than LOA_PUBLIC_URL (the cookie belongs to that host, the platform returns to this one).
 */
export function callbackWithoutSession(host: string, publicUrl: string, label: string) {
  const expected = new URL(publicUrl).host;
  const hint =
    host === expected
      ? { vi: 'Phiên đăng nhập đã hết: hãy đăng nhập lại rồi kết nối lại', en: 'Your session has ended: sign in again, then connect again' }
      : {
          vi: `${label} trả về ${host} nhưng Loa được cấu hình tại ${publicUrl} (LOA_PUBLIC_URL), nên không thấy phiên đăng nhập: hãy mở Loa tại ${publicUrl} rồi kết nối lại`,
          en: `${label} returned to ${host} but Loa is configured at ${publicUrl} (LOA_PUBLIC_URL), so your session is not seen here: open Loa at ${publicUrl} and connect again`,
        };
  return new AppError('OAUTH_CALLBACK_NO_SESSION', 401, hint);
}

/**
 * The `state` half of a code flow, for one platform: `begin` seals the state in a short-lived
 * cookie scoped to the flow's own paths, `end` accepts the callback only from the same
 * session, user and state before it expires (state.ts), and clears the cookie.
 */
export function connectFlow(deps: AppDeps, o: { path: ConnectPath; label: string }) {
  const cookie = `loa_oauth_${o.path}`;
  const cookiePath = `/api/v1/oauth/${o.path}`;
  const secure = deps.config.publicUrl.startsWith('https://');
  return {
    redirectUri: `${deps.config.publicUrl}${cookiePath}/callback`,

    /** `verifier`: the PKCE verifier the callback's exchange needs, kept in the sealed state. */
    begin(request: FastifyRequest, reply: FastifyReply, channelId: string, verifier = ''): string {
      const user = requireUser(request);
      if (!request.sessionToken) throw sessionRequired(o.label);
      const state = newState();
      const sealed = sealState(deps.secrets, {
        state,
        verifier,
        channelId,
        userId: user.id,
        sessionHash: sessionHash(request.sessionToken),
        expiresAt: deps.clock.now().getTime() + CONNECT_TTL_MS,
      });
      reply.setCookie(cookie, sealed, { httpOnly: true, sameSite: 'lax', secure, path: cookiePath, maxAge: CONNECT_TTL_MS / 1000 });
      return state;
    },

    end(request: FastifyRequest, reply: FastifyReply, state: string): ConnectState & { sessionToken: string } {
      if (!request.user) throw callbackWithoutSession(request.host, deps.config.publicUrl, o.label);
      const user = requireUser(request);
      if (!request.sessionToken) throw sessionRequired(o.label);
      const s = openState(deps.secrets, request.cookies[cookie], { state, sessionToken: request.sessionToken, userId: user.id, now: deps.clock.now() });
      reply.clearCookie(cookie, { path: cookiePath });
      return { ...s, sessionToken: request.sessionToken };
    },
  };
}

/** The person refused on the platform's consent page. */
export const denied = (label: string) =>
  new AppError(
    'OAUTH_DENIED',
    422,
    {
      vi: `Bạn đã không cho phép Loa truy cập ${label}, nên kênh chưa được kết nối; hãy bấm "Kết nối" lại và chọn "Cho phép"`,
      en: `You did not allow Loa access on ${label}, so the channel is not connected; connect again and choose "Allow"`,
    },
    '/code',
  );

/**
 * A platform's refusal of the code (used, expired, wrong app secret) is a 422 on `/code`; an
 * unreachable platform a 502. `ownCodes`: refusals the connector itself found in the grant
 * (a scope left unticked …), which keep their own code and words.
 */
export function exchangeRefused(err: unknown, label: string, ownCodes: string[] = []): unknown {
  if (!(err instanceof ConnectorError)) return err;
  if (ownCodes.includes(err.code)) return new AppError(err.code, 422, err.messages, '/code');
  if (err.kind === 'auth' || err.kind === 'permanent') {
    return new AppError(
      'OAUTH_CODE_REFUSED',
      422,
      {
        vi: `${label} không chấp nhận mã uỷ quyền (đã dùng, hết hạn, sai địa chỉ quay lại hay sai khoá bí mật của ứng dụng); hãy bấm "Kết nối" lại. Chi tiết: ${err.messages.vi}`,
        en: `${label} refused the authorization code (used, expired, another redirect address or a wrong app secret); connect again. Details: ${err.messages.en}`,
      },
      '/code',
    );
  }
  return new AppError('OAUTH_PLATFORM_UNREACHABLE', 502, { vi: `Không kết nối được ${label}: ${err.messages.vi}`, en: `Could not reach ${label}: ${err.messages.en}` });
}

const wantsPage = (request: FastifyRequest) => /text\/html/i.test(String(request.headers.accept ?? ''));

/**
 * Start and callback are browser navigations: a browser lands on the web app's result page
 * (with the error's code to explain), an API client gets the problem+json as everywhere else.
 */
export async function navigation(request: FastifyRequest, run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || !wantsPage(request)) throw err;
    return `${CONNECT_RESULT_PAGE}?loi=${encodeURIComponent(err.code)}`;
  }
}
