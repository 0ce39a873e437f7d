import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiError, type SimAnswer, type YoutubeSimState } from './simulator-state.ts';

export interface SimOAuthClient {
  clientId: string;
  clientSecret: string;
  /** The channel owner's refresh token, valid until revoked. */
  refreshToken: string;
}

/** A code the consent page handed out (simulator-consent.ts); good for one exchange. */
export interface SimAuthCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAt: Date;
  used: boolean;
}

const SCOPES = 'https://www.googleapis.com/auth/youtube https://www.googleapis.com/auth/youtube.upload';

/** Google's token endpoint (code and refresh grants) and bearer checks of the API (platform-apis.md §2.8). */
export function createSimAuth(state: YoutubeSimState, o: { accessTokenTtlSeconds: number; now(): Date }) {
  const client: SimOAuthClient = {
    clientId: `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`,
    clientSecret: `GOCSPX-${randomBytes(18).toString('base64url')}`,
    refreshToken: `1//0e${randomBytes(30).toString('base64url')}`,
  };
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set([client.refreshToken]);
  const codes = new Map<string, SimAuthCode>();
  const everIssued: string[] = [];
  let revoked = false;

  function issue(ttlSeconds: number): { token: string; expiresAt: Date } {
    const token = `ya29.${randomBytes(30).toString('base64url')}`;
    const expiresAt = new Date(o.now().getTime() + ttlSeconds * 1000);
    accessTokens.set(token, expiresAt.getTime());
    everIssued.push(token);
    return { token, expiresAt };
  }

  async function token(req: IncomingMessage): Promise<SimAnswer> {
    let text = '';
    for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
    const form = new URLSearchParams(text);
    state.tokenRequests++;
    if (form.get('client_id') !== client.clientId || form.get('client_secret') !== client.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    }
    if (form.get('grant_type') === 'authorization_code') return exchangeCode(form);
    if (form.get('grant_type') !== 'refresh_token') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') } };
    }
    if (revoked || !refreshTokens.has(form.get('refresh_token') ?? '')) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    }
    const { token: accessToken } = issue(o.accessTokenTtlSeconds);
    return { status: 200, body: { access_token: accessToken, expires_in: o.accessTokenTtlSeconds, scope: SCOPES, token_type: 'Bearer' } };
  }

  /** Code exchange (§2.8): once, for the client and redirect_uri it was issued to; the first consent brings a refresh token. */
  function exchangeCode(form: URLSearchParams): SimAnswer {
    const code = codes.get(form.get('code') ?? '');
    const now = o.now();
    if (!code || code.used || code.expiresAt.getTime() <= now.getTime() || code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) {
      if (code) code.used = true;
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
    }
    code.used = true;
    revoked = false;
    const refreshToken = `1//0e${randomBytes(30).toString('base64url')}`;
    refreshTokens.add(refreshToken);
    const { token: accessToken } = issue(o.accessTokenTtlSeconds);
    return { status: 200, body: { access_token: accessToken, expires_in: o.accessTokenTtlSeconds, refresh_token: refreshToken, scope: code.scope, token_type: 'Bearer' } };
  }

  /** null when the request carries a live access token; the 401 envelope otherwise. */
  function check(header: string | undefined): SimAnswer | null {
    const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    const expires = token ? accessTokens.get(token) : undefined;
    if (expires !== undefined && expires > o.now().getTime()) return null;
    return apiError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'global');
  }

  return {
    client,
    token,
    /** Remembers a code the consent page gives out. */
    addCode(code: string, c: SimAuthCode): void {
      codes.set(code, c);
    },
    check,
    issue,
    /** The owner revoked Loa's access (or the refresh token lapsed): every refresh answers invalid_grant. */
    revoke(): void {
      revoked = true;
      refreshTokens.clear();
      accessTokens.clear();
    },
    /** Every access token issued so far, for tests proving none reached a log line. */
    issued(): string[] {
      return [...everIssued];
    },
  };
}
