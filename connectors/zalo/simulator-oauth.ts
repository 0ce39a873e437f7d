import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { pkceChallenge } from './oauth.ts';
import type { ZaloSimState } from './simulator-state.ts';

/** OAuth v4 error numbers the simulator answers (Zalo's own numbers are UNVERIFIED; any non-zero `error` is a refusal). */
export const OAUTH_ERRORS = {
  badSecret: -14001,
  badApp: -14002,
  badCode: -14019,
  badVerifier: -14020,
  badRefreshToken: -14014,
  badGrant: -14003,
} as const;

export type OauthAnswer =
  | { status: number; body: Record<string, unknown> }
  | { status: 200; html: string }
  | { status: 302; location: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);


function consentPage(query: URLSearchParams): string {
  const hidden = [...query.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Zalo (mô phỏng) — Cấp quyền cho ứng dụng</title></head><body><main>' +
    '<h1>Cấp quyền cho ứng dụng</h1><p>Ứng dụng <strong>Loa</strong> muốn quản lý Official Account của bạn: gửi tin, đăng bài viết.</p>' +
    `<form method="get" action="/v4/oa/permission">${hidden}<button type="submit" name="decision" value="allow">Cho phép</button> ` +
    '<button type="submit" name="decision" value="deny">Từ chối</button></form></main></body></html>'
  );
}

export function createSimOauth(state: ZaloSimState, clock: Clock, o: { accessTokenTtlS: number; refreshTokenTtlDays: number; codeTtlS: number; refusalStatus: number }) {
  // §3.2 gives the refusal body (negative `error`, names UNVERIFIED) but not its HTTP status.
  const refusal = (error: number, name: string, description: string): OauthAnswer => ({
    status: o.refusalStatus,
    body: { error, error_name: name, error_reason: name, error_description: description },
  });

  function issue(now: Date): OauthAnswer & { pair: { accessToken: string; refreshToken: string } } {
    const accessToken = `sim-at-${randomBytes(18).toString('base64url')}`;
    const refreshToken = `sim-rt-${randomBytes(18).toString('base64url')}`;
    state.accessTokens.set(accessToken, { issuedAt: now, expiresAt: new Date(now.getTime() + o.accessTokenTtlS * 1000) });
    state.refreshTokens.set(refreshToken, { expiresAt: new Date(now.getTime() + o.refreshTokenTtlDays * 86_400_000), used: false });
    // Zalo sends expires_in as a string of seconds (platform-apis.md §3.2).
    return { status: 200, body: { access_token: accessToken, refresh_token: refreshToken, expires_in: String(o.accessTokenTtlS) }, pair: { accessToken, refreshToken } };
  }

  return {
    /**
     * GET /v4/oa/permission. A browser (Accept: text/html) first gets the consent page, as on
     * Zalo, where the OA admin allows or refuses; any other client approves at once (tests).
     * Allowing sends the admin back with a code; refusing sends them back without one.
     */
    permission(query: URLSearchParams, acceptsHtml = false): OauthAnswer {
      const appId = query.get('app_id');
      const redirectUri = query.get('redirect_uri');
      const challenge = query.get('code_challenge');
      if (appId !== state.appId || !redirectUri || !challenge) return { status: 400, body: { error: OAUTH_ERRORS.badApp, error_name: 'Invalid request' } };
      const decision = query.get('decision');
      if (acceptsHtml && decision === null) return { status: 200, html: consentPage(query) };
      if (decision === 'deny') {
        const back = new URL(redirectUri);
        back.searchParams.set('error', 'access_denied');
        const st = query.get('state');
        if (st !== null) back.searchParams.set('state', st);
        return { status: 302, location: back.toString() };
      }
      const code = `sim-code-${randomBytes(12).toString('base64url')}`;
      state.codes.set(code, { appId, redirectUri, challenge, expiresAt: new Date(clock.now().getTime() + o.codeTtlS * 1000), used: false });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('oa_id', state.oaId);
      const st = query.get('state');
      if (st !== null) back.searchParams.set('state', st);
      return { status: 302, location: back.toString() };
    },

    /** POST /v4/oa/access_token: authorization_code (with PKCE) or a single-use refresh_token. */
    token(form: URLSearchParams, secretKey: string | undefined): OauthAnswer {
      const now = clock.now();
      const grantType = form.get('grant_type') ?? '';
      const answer = ((): OauthAnswer => {
        if (secretKey !== state.appSecret) return refusal(OAUTH_ERRORS.badSecret, 'Invalid secret key', 'secret_key header is invalid');
        if (form.get('app_id') !== state.appId) return refusal(OAUTH_ERRORS.badApp, 'Invalid app id', 'app_id is invalid');
        if (grantType === 'authorization_code') {
          const code = state.codes.get(form.get('code') ?? '');
          if (!code || code.used || code.expiresAt.getTime() <= now.getTime()) return refusal(OAUTH_ERRORS.badCode, 'Invalid authorization code', 'The code is invalid, used or expired');
          code.used = true;
          if (pkceChallenge(form.get('code_verifier') ?? '') !== code.challenge) return refusal(OAUTH_ERRORS.badVerifier, 'Invalid code verifier', 'code_verifier does not match code_challenge');
          return issue(now);
        }
        if (grantType === 'refresh_token') {
          const refresh = state.refreshTokens.get(form.get('refresh_token') ?? '');
          if (!refresh || refresh.used || refresh.expiresAt.getTime() <= now.getTime()) {
            return refusal(OAUTH_ERRORS.badRefreshToken, 'Invalid refresh token', 'The refresh token is invalid, expired or already used');
          }
          refresh.used = true;
          return issue(now);
        }
        return refusal(OAUTH_ERRORS.badGrant, 'Invalid grant type', 'grant_type is invalid');
      })();
      state.tokenRequests.push({ grantType, at: now, error: 'body' in answer && typeof answer.body.error === 'number' ? answer.body.error : 0 });
      return answer;
    },

    /** A pair issued directly (as if an admin had connected the OA earlier). */
    mint(now: Date): { accessToken: string; refreshToken: string; expiresAt: Date } {
      const { pair } = issue(now);
      return { ...pair, expiresAt: state.accessTokens.get(pair.accessToken)!.expiresAt };
    },
  };
}
