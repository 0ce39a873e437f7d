import { randomBytes } from 'node:crypto';
import type { SimAuthCode, SimOAuthClient } from './simulator-auth.ts';

export type ConsentAnswer = { status: 200 | 400; html: string } | { status: 302; location: string };

const CODE_TTL_MS = 10 * 60_000;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Google (mô phỏng) — ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

function consentPage(query: URLSearchParams, channelTitle: string): string {
  const hidden = [...query.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  // Granular consent (§2.8): every scope is a box the owner may untick.
  const boxes = (query.get('scope') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((s) => `<li><label><input type="checkbox" name="granted_scope" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}</label></li>`)
    .join('');
  return page(
    'Loa muốn truy cập Tài khoản Google của bạn',
    `<p>Kênh YouTube: <strong>${escapeHtml(channelTitle)}</strong></p><form method="get">${hidden}<ul>${boxes}</ul>` +
      '<button type="submit" name="decision" value="allow">Cho phép</button> <button type="submit" name="decision" value="deny">Huỷ</button></form>',
  );
}

/**
 * Google's authorization endpoint (platform-apis.md §2.8), as the channel owner's browser sees
 * it: the consent page, then back to `redirect_uri` with `code`, `scope` and `state`, or with
 * `error=access_denied`. A request without ticked boxes (a test calling it directly) grants every scope asked.
 */
export function createSimConsent(client: SimOAuthClient, o: { channelTitle: string; now(): Date; addCode(code: string, c: SimAuthCode): void }) {
  return function consent(query: URLSearchParams): ConsentAnswer {
    if (query.get('client_id') !== client.clientId) return { status: 400, html: page('Lỗi 401: invalid_client', '<p>The OAuth client was not found.</p>') };
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return { status: 400, html: page('Lỗi 400: redirect_uri_mismatch', '<p>redirect_uri không hợp lệ.</p>') };
    if (query.get('response_type') !== 'code') return { status: 400, html: page('Lỗi 400: invalid_request', '<p>response_type phải là code.</p>') };
    const decision = query.get('decision');
    if (decision === null) return { status: 200, html: consentPage(query, o.channelTitle) };
    const back = new URL(redirectUri);
    if (decision === 'allow') {
      const ticked = query.getAll('granted_scope');
      const scope = ticked.length > 0 ? ticked.join(' ') : (query.get('scope') ?? '');
      const code = `4/0A${randomBytes(24).toString('base64url')}`;
      o.addCode(code, { clientId: client.clientId, redirectUri, scope, expiresAt: new Date(o.now().getTime() + CODE_TTL_MS), used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', scope);
    } else {
      back.searchParams.set('error', 'access_denied');
    }
    const st = query.get('state');
    if (st !== null) back.searchParams.set('state', st);
    return { status: 302, location: back.toString() };
  };
}
