import { ConnectorError } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { str } from '../guards.ts';
import { createGraphClient } from './client.ts';
import { parseGraphLocation, parseLoginDialogBase } from './settings.ts';
import { longLivedUserToken, managedPages, REQUIRED_PAGE_SCOPES, type LongLivedUserToken, type ManagedPage } from './tokens.ts';

/**
 * Facebook Login as a server-side code flow ("manually build a login flow",
 * developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow — not yet in
 * platform-apis.md): the Page admin approves Loa's app in the Login dialog
 * (`/{v}/dialog/oauth?client_id&redirect_uri&state&scope&response_type=code`), Facebook sends
 * them back with `code` and `state` (or `error=access_denied`), and Loa trades the code at
 * `GET /{v}/oauth/access_token?client_id&redirect_uri&client_secret&code` for a short-lived
 * user token, then (§1.2) the long-lived one and the Pages it manages.
 */

/** What Loa asks for: posting as the Page (§1.2) and publishing its videos. */
export const LOGIN_SCOPES = [...REQUIRED_PAGE_SCOPES, 'publish_video'];
const TOKEN_TIMEOUT_MS = 15_000;

export interface LoginGrant extends LongLivedUserToken {
  pages: ManagedPage[];
}

export function loginDialogUrl(settings: Record<string, unknown>, o: { appId: string; redirectUri: string; state: string }): string {
  const url = new URL(`${parseLoginDialogBase(settings)}/${parseGraphLocation(settings).apiVersion}/dialog/oauth`);
  url.searchParams.set('client_id', o.appId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('state', o.state);
  url.searchParams.set('scope', LOGIN_SCOPES.join(','));
  url.searchParams.set('response_type', 'code');
  return url.toString();
}

/** The code from the Login dialog → user token → long-lived user token → the Pages it manages. */
export async function exchangeLoginCode(o: {
  settings: Record<string, unknown>;
  allowPrivateNetwork: boolean;
  appId: string;
  appSecret: string;
  code: string;
  redirectUri: string;
}): Promise<LoginGrant> {
  const http = createHttpClient({ allowPrivateNetwork: o.allowPrivateNetwork, timeoutMs: TOKEN_TIMEOUT_MS });
  const anonymous = createGraphClient({ http, location: parseGraphLocation(o.settings), token: '', appSecret: null, now: () => new Date() });
  const answer = await anonymous.call<unknown>({
    method: 'GET',
    path: 'oauth/access_token',
    auth: 'none',
    query: { client_id: o.appId, redirect_uri: o.redirectUri, client_secret: o.appSecret, code: o.code },
    action: { vi: 'đổi mã uỷ quyền lấy mã truy cập', en: 'exchanging the authorization code' },
  });
  const userToken = str(answer, 'access_token');
  if (!userToken) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'FB_CODE_EXCHANGE_FAILED',
      sideEffectPossible: false,
      message: { vi: 'Facebook không trả mã truy cập cho mã uỷ quyền', en: 'Facebook returned no access token for the authorization code' },
    });
  }
  const user = await longLivedUserToken({ appId: o.appId, appSecret: o.appSecret, userToken }, http, o.settings);
  return { ...user, pages: await managedPages({ ...user, appSecret: o.appSecret }, http, o.settings) };
}

/** The server's side of the Facebook connect flow, offered through the connector registry. */
export const facebookConnect = { loginDialogUrl, exchangeLoginCode };
