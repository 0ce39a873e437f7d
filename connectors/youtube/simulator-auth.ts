import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiError, type SimAnswer, type YoutubeSimState } from './simulator-state.ts';

export interface SimOAuthClient {
  clientId: string;
  clientSecret: string;
  /** The channel owner's refresh token, valid until revoked. */
  refreshToken: string;
}

/** Google's token endpoint (refresh grant only) and bearer checks of the API (platform-apis.md §2.8). */
export function createSimAuth(state: YoutubeSimState, o: { accessTokenTtlSeconds: number; now(): Date }) {
  const client: SimOAuthClient = {
    clientId: `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`,
    clientSecret: `GOCSPX-${randomBytes(18).toString('base64url')}`,
    refreshToken: `1//0e${randomBytes(30).toString('base64url')}`,
  };
  const accessTokens = new Map<string, number>();
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
    if (form.get('grant_type') !== 'refresh_token') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') } };
    }
    if (revoked || form.get('refresh_token') !== client.refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    }
    const { token: accessToken } = issue(o.accessTokenTtlSeconds);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_in: o.accessTokenTtlSeconds,
        scope: 'https://www.googleapis.com/auth/youtube https://www.googleapis.com/auth/youtube.upload',
        token_type: 'Bearer',
      },
    };
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
    check,
    issue,
    /** The owner revoked Loa's access (or the refresh token lapsed): every refresh answers invalid_grant. */
    revoke(): void {
      revoked = true;
      accessTokens.clear();
    },
    /** Every access token issued so far, for tests proving none reached a log line. */
    issued(): string[] {
      return [...everIssued];
    },
  };
}
