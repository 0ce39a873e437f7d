import { auth } from '@googleapis/youtube';
import type { Logger } from '../../lib/logger.ts';
import type { PublishContext } from '../contract.ts';
import type { HttpClient } from '../http.ts';
import { fromGoogleError } from './errors.ts';
import { parseYoutubeCredentials, parseYoutubeSettings, type YoutubeCredentials } from './settings.ts';

export type YoutubeOAuth = InstanceType<typeof auth.OAuth2>;

const REFRESH = { vi: 'làm mới mã truy cập Google', en: 'refreshing the Google access token' };

/**
 * gaxios (under googleapis and google-auth-library) sends through Loa's HTTP client, so its
 * calls get the same timeouts, shutdown abort, private-address refusal and network error
 * classification as every other connector call.
 */
function fetchThrough(http: HttpClient): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    http.request({
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: (init.body as BodyInit | NodeJS.ReadableStream | null | undefined) ?? null,
    })) as typeof fetch;
}

/**
 * The OAuth2 client every YouTube call authenticates with; its token endpoint is a setting
 * (`endpoints.oauth2TokenUrl`). Retries are off: gaxios would otherwise repeat refreshes and
 * API calls with sleeps, and retry policy belongs to the publish task.
 */
export function createYoutubeOAuth(http: HttpClient, tokenUrl: string, c: YoutubeCredentials): YoutubeOAuth {
  const oauth = new auth.OAuth2({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    endpoints: { oauth2TokenUrl: tokenUrl },
    transporterOptions: { fetchImplementation: fetchThrough(http), retryConfig: { retry: 0, noResponseRetries: 0 } },
  });
  oauth.setCredentials({
    refresh_token: c.refreshToken,
    // An access token is reused only with its expiry: without one, google-auth-library answers
    // any 401/403 (quotaExceeded included) by refreshing and sending the call again.
    ...(c.accessToken && c.accessTokenExpiresAt ? { access_token: c.accessToken, expiry_date: c.accessTokenExpiresAt.getTime() } : {}),
  });
  return oauth;
}

/** A valid access token for our own upload requests, refreshed when it is about to expire. */
export async function bearerOf(oauth: YoutubeOAuth, log: Logger, now: Date): Promise<string> {
  try {
    const { token } = await oauth.getAccessToken();
    if (!token) throw new Error('Google returned no access token');
    return token;
  } catch (err) {
    throw fromGoogleError(err, { action: REFRESH, creating: false, now, log });
  }
}

/**
 * Forces a refresh with the stored refresh token and returns the channel's credentials with
 * the new access token, for the token-lifecycle job to seal and store. `invalid_grant`
 * (revoked, unused for 6 months, 7-day testing consent …) is a ConnectorError `auth`.
 */
export async function refreshYoutubeAccessToken(ctx: PublishContext): Promise<Record<string, unknown>> {
  const settings = parseYoutubeSettings(ctx.channel.settings);
  const current = parseYoutubeCredentials(ctx.credentials);
  const oauth = createYoutubeOAuth(ctx.http, settings.tokenUrl, { ...current, accessToken: null, accessTokenExpiresAt: null });
  try {
    const { credentials } = await oauth.refreshAccessToken();
    if (!credentials.access_token) throw new Error('Google returned no access token');
    return {
      clientId: current.clientId,
      clientSecret: current.clientSecret,
      // Google keeps the refresh token unless it sends a new one.
      refreshToken: credentials.refresh_token ?? current.refreshToken,
      accessToken: credentials.access_token,
      ...(credentials.expiry_date ? { accessTokenExpiresAt: new Date(credentials.expiry_date).toISOString() } : {}),
    };
  } catch (err) {
    throw fromGoogleError(err, { action: REFRESH, creating: false, now: ctx.now(), log: ctx.log });
  }
}
