import { randomBytes } from 'node:crypto';
import { graphError, type SimAnswer } from './simulator-auth.ts';
import type { GraphSimState, SimToken } from './simulator-state.ts';

/** The Login dialog's answer to a browser: its consent page, or the way back to the app. */
export type DialogAnswer = { status: 200 | 400; html: string } | { status: 302; location: string };

const CODE_TTL_MS = 10 * 60_000;
/** A user token from the code exchange is short-lived (hours, §1.2). */
const SHORT_LIVED_SECONDS = 7_200;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Facebook (mô phỏng) — ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

function consentPage(state: GraphSimState, query: URLSearchParams): string {
  const hidden = [...query.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const pages = [state.pageName, ...state.otherPages.map((p) => p.name)].map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return page(
    'Tiếp tục với tư cách Quản trị Trang?',
    `<p>Ứng dụng <strong>Loa</strong> muốn đăng bài và video lên các Trang bạn quản lý (${escapeHtml(query.get('scope') ?? '')}):</p><ul>${pages}</ul>` +
      `<form method="get">${hidden}<button type="submit" name="decision" value="allow">Cho phép</button> ` +
      '<button type="submit" name="decision" value="deny">Không cho phép</button></form>',
  );
}

/**
 * Facebook Login's manual code flow (developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow):
 * GET /{v}/dialog/oauth shows the consent page; allowing returns to `redirect_uri` with `code`
 * and `state`, refusing with `error=access_denied&error_reason=user_denied`. GET /{v}/oauth/access_token
 * with `code` trades it once, for the same `redirect_uri`, with the app secret.
 */
export function createSimLogin(state: GraphSimState, o: { appSecret: string; mint(spec: Omit<SimToken, 'valid' | 'invalidSubcode'>): string }) {
  return {
    dialog(query: URLSearchParams, now: Date): DialogAnswer {
      const redirectUri = query.get('redirect_uri');
      if (query.get('client_id') !== state.appId) return { status: 400, html: page('Lỗi', '<p>Invalid App ID: ứng dụng không tồn tại.</p>') };
      if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return { status: 400, html: page('Lỗi', '<p>URL chuyển hướng không hợp lệ.</p>') };
      if (query.get('response_type') !== null && query.get('response_type') !== 'code') return { status: 400, html: page('Lỗi', '<p>response_type không được hỗ trợ.</p>') };
      const decision = query.get('decision');
      if (decision === null) return { status: 200, html: consentPage(state, query) };
      const back = new URL(redirectUri);
      if (decision === 'allow') {
        const code = `AQ${randomBytes(24).toString('base64url')}`;
        const scopes = (query.get('scope') ?? '').split(',').filter(Boolean);
        state.loginCodes.set(code, { redirectUri, scopes, expiresAt: new Date(now.getTime() + CODE_TTL_MS), used: false });
        back.searchParams.set('code', code);
      } else {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_code', '200');
        back.searchParams.set('error_description', 'Permissions error');
        back.searchParams.set('error_reason', 'user_denied');
      }
      const st = query.get('state');
      if (st !== null) back.searchParams.set('state', st);
      return { status: 302, location: back.toString() };
    },

    /** The code exchange; error codes and subcodes as Facebook answers them (UNVERIFIED: not in platform-apis.md §1.8). */
    exchangeCode(query: URLSearchParams, now: Date): SimAnswer {
      if (query.get('client_id') !== state.appId) return graphError(400, 101, 'Error validating application. Invalid application ID.');
      if (query.get('client_secret') !== o.appSecret) return graphError(400, 1, 'Error validating client secret.');
      const code = state.loginCodes.get(query.get('code') ?? '');
      if (!code) return graphError(400, 100, 'Invalid verification code format.');
      if (code.used) return graphError(400, 100, 'This authorization code has been used.', { subcode: 36009 });
      code.used = true;
      if (code.expiresAt.getTime() <= now.getTime()) return graphError(400, 100, 'This authorization code has expired.', { subcode: 36007 });
      if (query.get('redirect_uri') !== code.redirectUri) {
        return graphError(400, 100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', { subcode: 36008 });
      }
      const token = o.mint({ type: 'USER', userId: state.userId, pageId: null, scopes: code.scopes, expiresAt: new Date(now.getTime() + SHORT_LIVED_SECONDS * 1000) });
      return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: SHORT_LIVED_SECONDS } };
    },
  };
}
