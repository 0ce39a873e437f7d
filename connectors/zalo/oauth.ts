import { createHash, randomBytes } from 'node:crypto';
import { ConnectorError } from '../contract.ts';
import { createHttpClient, type HttpClient } from '../http.ts';
import { isObject } from '../guards.ts';
import { NOT_PROCESSED } from './classify-error.ts';
import { createZaloClient, str } from './client.ts';
import { parseZaloLocation, type ZaloLocation } from './settings.ts';

/**
 * OAuth v4 for Official Accounts (platform-apis.md §3.2): the OA admin approves Loa's app
 * at `/v4/oa/permission` (PKCE S256), Loa trades the code for an access token (~25 h,
 * `expires_in`) and a single-use refresh token (~3 months) at `/v4/oa/access_token`,
 * authenticated by the `secret_key` header. Every refresh returns a new pair and kills the
 * old refresh token at once, so the caller must persist the pair before anything else.
 */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface PkcePair {
  /** 43 characters of base64url (32 random bytes). */
  verifier: string;
  /** base64url(sha256(verifier)), the S256 method. */
  challenge: string;
}

/** The access token life Zalo documents, used only when an answer lacks `expires_in`. */
const DEFAULT_EXPIRES_IN_S = 90_000;
const TOKEN_TIMEOUT_MS = 15_000;

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Where the OA admin is sent to grant Loa's app access to the OA. */
export function permissionUrl(location: ZaloLocation, o: { appId: string; redirectUri: string; codeChallenge: string; state: string }): string {
  const url = new URL(`${location.oauthBaseUrl}/v4/oa/permission`);
  url.searchParams.set('app_id', o.appId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('code_challenge', o.codeChallenge);
  url.searchParams.set('state', o.state);
  return url.toString();
}

interface TokenRequest {
  http: HttpClient;
  location: ZaloLocation;
  appId: string;
  appSecret: string;
  now: Date;
  timeoutMs?: number;
  signal?: AbortSignal;
}

function refused(code: string, vi: string, en: string, excerpt?: string): ConnectorError {
  return new ConnectorError({ kind: 'auth', code, sideEffectPossible: false, message: { vi, en }, excerpt });
}

/**
 * POST /v4/oa/access_token. `rotates`: the request consumes a single-use refresh token, so an
 * answer we cannot read (lost connection, server error, no token in it) may hide a rotation
 * that already killed the old token — that doubt must reach the caller as sideEffectPossible.
 */
async function tokenCall(r: TokenRequest, form: Record<string, string>, rotates: boolean, action: { vi: string; en: string }): Promise<TokenGrant> {
  const client = createZaloClient({
    http: r.http,
    location: r.location,
    accessToken: null,
    tokenIssuedAt: null,
    window: { from: '00:00', to: '23:59', startSec: 0, endSec: 86_340 },
    overrides: {},
    signal: r.signal,
    now: () => r.now,
  });
  const answer = await client.send({
    host: 'oauth',
    method: 'POST',
    path: '/v4/oa/access_token',
    form: { app_id: r.appId, ...form },
    headers: { secret_key: r.appSecret },
    withToken: false,
    timeoutMs: r.timeoutMs ?? TOKEN_TIMEOUT_MS,
    action,
    creating: rotates,
  });
  const body = answer.body;
  const accessToken = str(body, 'access_token');
  const refreshToken = str(body, 'refresh_token');
  const errorNumber = isObject(body) && typeof body.error === 'number' ? body.error : 0;
  if (answer.status === 200 && errorNumber === 0 && accessToken && refreshToken) {
    const expiresIn = Number(str(body, 'expires_in') ?? DEFAULT_EXPIRES_IN_S);
    const seconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
    return { accessToken, refreshToken, issuedAt: r.now, expiresAt: new Date(r.now.getTime() + seconds * 1000) };
  }
  const detail = isObject(body) ? [str(body, 'error_name'), str(body, 'error_reason'), str(body, 'error_description'), str(body, 'message')].filter(Boolean).join(' ') : '';
  if (errorNumber !== 0 && answer.status < 500) {
    // Zalo refused the request outright: nothing was issued and nothing was rotated. The
    // refusal is the body's `error`, whatever HTTP status carries it (§3.2 gives none).
    throw refused(
      `ZALO_OAUTH_${errorNumber}`,
      'Zalo từ chối cấp mã truy cập cho kênh; quản trị viên của Zalo OA cần bấm "Kết nối lại" ở trang Kênh đăng',
      'Zalo refused to issue an access token for the channel; an admin of the Zalo OA must press "Reconnect" on the Channels page',
      `(${errorNumber}) ${detail}`.slice(0, 300),
    );
  }
  throw new ConnectorError({
    kind: 'transient',
    code: answer.status === 200 ? 'ZALO_OAUTH_ANSWER_UNEXPECTED' : `HTTP_${answer.status}`,
    // A 429 or 503 says the request was not processed (RFC 9110 §15.6.4), so nothing rotated:
    // the refresh token still works, and an outage of the token server is not a reconnect.
    sideEffectPossible: rotates && !NOT_PROCESSED.has(answer.status),
    message: {
      vi: `Máy chủ cấp mã của Zalo trả lời bất thường khi ${action.vi}`,
      en: `Zalo's token server gave an unexpected answer while ${action.en}`,
    },
    excerpt: answer.text.replace(/\s+/g, ' ').slice(0, 300),
  });
}

/** The connect flow's last step: the code from the callback + the PKCE verifier → the first token pair. */
export function exchangeCode(r: TokenRequest & { code: string; codeVerifier: string }): Promise<TokenGrant> {
  return tokenCall(r, { grant_type: 'authorization_code', code: r.code, code_verifier: r.codeVerifier }, false, {
    vi: 'đổi mã uỷ quyền lấy mã truy cập',
    en: 'exchanging the authorization code',
  });
}

/** Spends the single-use refresh token; the returned pair replaces the stored one. */
export function refreshTokens(r: TokenRequest & { refreshToken: string }): Promise<TokenGrant> {
  return tokenCall(r, { grant_type: 'refresh_token', refresh_token: r.refreshToken }, true, {
    vi: 'làm mới mã truy cập',
    en: 'refreshing the access token',
  });
}

/** The server's side of the connect flow, offered through the connector registry. */
export const zaloConnect = {
  createPkcePair,
  /** The permission URL for a channel's settings (its `oauthBaseUrl`). */
  permissionUrl: (settings: Record<string, unknown>, o: { appId: string; redirectUri: string; codeChallenge: string; state: string }) =>
    permissionUrl(parseZaloLocation(settings), o),
  exchangeCode: (o: { settings: Record<string, unknown>; allowPrivateNetwork: boolean; appId: string; appSecret: string; code: string; codeVerifier: string; now: Date }) =>
    exchangeCode({
      http: createHttpClient({ allowPrivateNetwork: o.allowPrivateNetwork, timeoutMs: TOKEN_TIMEOUT_MS }),
      location: parseZaloLocation(o.settings),
      appId: o.appId,
      appSecret: o.appSecret,
      code: o.code,
      codeVerifier: o.codeVerifier,
      now: o.now,
    }),
  credentials: grantCredentials,
};

/** The credentials object Loa stores after a grant (sealed); `accessTokenExpiresAt` becomes channels.credentials_expires_at. */
export function grantCredentials(base: { appId: string; appSecret: string }, g: TokenGrant): Record<string, string> {
  return {
    appId: base.appId,
    appSecret: base.appSecret,
    accessToken: g.accessToken,
    refreshToken: g.refreshToken,
    accessTokenIssuedAt: g.issuedAt.toISOString(),
    accessTokenExpiresAt: g.expiresAt.toISOString(),
  };
}
