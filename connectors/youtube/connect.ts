import { youtube } from '@googleapis/youtube';
import type { Logger } from '../../lib/logger.ts';
import { ConnectorError } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { createYoutubeOAuth, type YoutubeOAuth } from './auth.ts';
import { fromGoogleError } from './errors.ts';
import { parseYoutubeSettings } from './settings.ts';

/**
 * Google's authorization-code flow for a YouTube channel (platform-apis.md §2.8): the owner
 * approves on Google's consent page (`access_type=offline`, `prompt=consent` so a refresh
 * token comes back even on a second connect), Loa trades the code at the token endpoint and
 * reads which channel the account holds (channels.list mine=true).
 */

/** youtube.upload for videos.insert (§2.1); youtube for videos.update/delete, thumbnails, channels and playlists. */
export const YOUTUBE_SCOPES = ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube'];
const TOKEN_TIMEOUT_MS = 15_000;

export interface GoogleGrant {
  refreshToken: string;
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  /** The channels of the account that consented (normally one: the one picked on the consent page). */
  channels: { id: string; title: string }[];
}

function refused(code: string, vi: string, en: string): ConnectorError {
  return new ConnectorError({ kind: 'auth', code, sideEffectPossible: false, message: { vi, en } });
}

export function authorizationUrl(settings: Record<string, unknown>, o: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(parseYoutubeSettings(settings).authUrl);
  url.searchParams.set('client_id', o.clientId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', YOUTUBE_SCOPES.join(' '));
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('state', o.state);
  url.searchParams.set('include_granted_scopes', 'true');
  url.searchParams.set('prompt', 'consent');
  return url.toString();
}

/** The code from the consent page → refresh and access tokens → the account's channels. */
export async function exchangeGoogleCode(o: {
  settings: Record<string, unknown>;
  allowPrivateNetwork: boolean;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  log: Logger;
  now: Date;
}): Promise<GoogleGrant> {
  const settings = parseYoutubeSettings(o.settings);
  const http = createHttpClient({ allowPrivateNetwork: o.allowPrivateNetwork, timeoutMs: TOKEN_TIMEOUT_MS });
  const oauth = createYoutubeOAuth(http, settings.tokenUrl, { clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: '', accessToken: null, accessTokenExpiresAt: null });
  const exchange = { vi: 'đổi mã uỷ quyền Google lấy mã truy cập', en: 'exchanging the Google authorization code' };
  let tokens: YoutubeOAuth['credentials'];
  try {
    tokens = (await oauth.getToken({ code: o.code, redirect_uri: o.redirectUri })).tokens;
  } catch (err) {
    throw fromGoogleError(err, { action: exchange, creating: false, now: o.now, log: o.log });
  }
  if (!tokens.refresh_token) {
    throw refused(
      'YT_NO_REFRESH_TOKEN',
      'Google không trả mã làm mới (refresh token); hãy gỡ quyền của Loa trong tài khoản Google rồi kết nối lại',
      'Google returned no refresh token; remove Loa’s access in the Google account and connect again',
    );
  }
  // Granular consent: the owner may untick a scope (§2.8).
  const granted = new Set((tokens.scope ?? '').split(' '));
  const missing = YOUTUBE_SCOPES.filter((s) => !granted.has(s));
  if (missing.length > 0) {
    throw refused(
      'YT_SCOPES_MISSING',
      `Chưa cấp đủ quyền cho Loa trên trang đồng ý của Google (thiếu: ${missing.join(', ')}); hãy kết nối lại và đánh dấu mọi quyền`,
      `Not every permission was granted on Google's consent page (missing: ${missing.join(', ')}); connect again and tick every permission`,
    );
  }
  oauth.setCredentials(tokens);
  const api = youtube({ version: 'v3', auth: oauth, rootUrl: settings.apiBaseUrl });
  let items;
  try {
    items = (await api.channels.list({ part: ['snippet'], mine: true }, { rootUrl: settings.apiBaseUrl })).data.items ?? [];
  } catch (err) {
    throw fromGoogleError(err, { action: { vi: 'đọc kênh YouTube của tài khoản', en: 'reading the account’s YouTube channel' }, creating: false, now: o.now, log: o.log });
  }
  return {
    refreshToken: tokens.refresh_token,
    accessToken: tokens.access_token ?? null,
    accessTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    channels: items.filter((c) => c.id).map((c) => ({ id: c.id!, title: c.snippet?.title ?? c.id! })),
  };
}

/** The server's side of the YouTube connect flow, offered through the connector registry. */
export const youtubeConnect = { authorizationUrl, exchangeGoogleCode };
