import { ConnectorError } from '../contract.ts';
import { createSettingsReader, credentialText } from '../settings.ts';

/** Where Zalo lives; settings so tests and the demo point them at the simulator. */
export interface ZaloLocation {
  /** OAuth v4 host. (Default: `https://oauth.zaloapp.com`) */
  oauthBaseUrl: string;
  /** OA Open API host. (Default: `https://openapi.zalo.me`) */
  openApiBaseUrl: string;
}

/** A daily window in Vietnam time, `from` inclusive, `to` exclusive, not spanning midnight. */
export interface SendWindow {
  from: string;
  to: string;
  startSec: number;
  endSec: number;
}

/**
 * How a channel reaches one Zalo Official Account; stored in `channels.settings`. The OA's
 * rules (window, daily and monthly broadcast limits, moderation delay) are settings because
 * Zalo's exact values depend on the OA's package and are UNVERIFIED (platform-apis.md §3).
 */
export interface ZaloSettings extends ZaloLocation {
  /** The OA's id; when set, an OAuth callback for another OA is refused. */
  oaId: string | null;
  /** Each article is broadcast to the OA's followers. (Default: true) */
  broadcast: boolean;
  /** `recipient.target` of the broadcast (ages, gender, cities … codes); empty = every follower. */
  broadcastTarget: Record<string, number | string>;
  /** (Default: 06:00–20:00) */
  sendWindow: SendWindow;
  /** (Default: 1) */
  broadcastsPerDay: number;
  /** Broadcasts one follower may receive per calendar month. (Default: 4, UNVERIFIED) */
  broadcastsPerMonth: number;
  /** Zalo reviews a new article before it can be verified and broadcast. (Default: 10) */
  moderationDelayMinutes: number;
  /** Cover of articles without an image. (Default: none — such posts fail with a reason) */
  defaultCoverUrl: string | null;
  /** OA-managed group chats (GMF) that also get the post as a message. (Default: none) */
  groupIds: string[];
  /** Author line of articles. (Default: the item's unit name) */
  author: string | null;
  /** Readers may comment on articles. (Default: true) */
  comments: boolean;
  /** How many of the OA's latest articles a reconcile may read back to the attempt start (pages of 10). (Default: 20) */
  reconcileArticles: number;
}

export interface ZaloCredentials {
  appId: string;
  appSecret: string;
  accessToken: string | null;
  refreshToken: string | null;
  /** When the access token was issued (set by Loa's refresh and connect flow). */
  accessTokenIssuedAt: Date | null;
}

export const DEFAULT_OAUTH_BASE_URL = 'https://oauth.zaloapp.com';
export const DEFAULT_OPENAPI_BASE_URL = 'https://openapi.zalo.me';
const settings = createSettingsReader({ code: 'ZALO_SETTINGS_INVALID', label: 'Zalo OA', urlExample: 'https://openapi.zalo.me' });
const { baseUrl, integer, flag } = settings;
const invalidSettings = settings.invalid;

function optionalText(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length > 200) throw invalidSettings(field, 'cần chuỗi tối đa 200 ký tự', 'expected a string of at most 200 characters');
  return raw.trim() || null;
}

function clock(v: unknown): number | null {
  const m = typeof v === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(v) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 : null;
}

function sendWindow(raw: unknown): SendWindow {
  if (raw === undefined || raw === null) return { from: '06:00', to: '20:00', startSec: 6 * 3600, endSec: 20 * 3600 };
  const { from, to } = (typeof raw === 'object' ? raw : {}) as { from?: unknown; to?: unknown };
  const startSec = clock(from);
  const endSec = clock(to);
  if (startSec === null || endSec === null || startSec >= endSec) {
    throw invalidSettings('sendWindow', 'cần { "from": "06:00", "to": "20:00" } (giờ Việt Nam, from trước to)', 'expected { "from": "06:00", "to": "20:00" } (Vietnam time, from before to)');
  }
  return { from: from as string, to: to as string, startSec, endSec };
}

function ids(raw: unknown, field: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 100 || !raw.every((g) => typeof g === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(g))) {
    throw invalidSettings(field, 'cần danh sách mã nhóm (tối đa 100)', 'expected a list of group ids (at most 100)');
  }
  return [...new Set(raw as string[])];
}

function target(raw: unknown): Record<string, number | string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'number' || typeof v === 'string')) {
    throw invalidSettings('broadcastTarget', 'cần đối tượng như { "cities": "4" }', 'expected an object such as { "cities": "4" }');
  }
  return raw as Record<string, number | string>;
}

export function parseZaloLocation(raw: Record<string, unknown>): ZaloLocation {
  return {
    oauthBaseUrl: baseUrl(raw.oauthBaseUrl, 'oauthBaseUrl', DEFAULT_OAUTH_BASE_URL),
    openApiBaseUrl: baseUrl(raw.openApiBaseUrl, 'openApiBaseUrl', DEFAULT_OPENAPI_BASE_URL),
  };
}

export function parseZaloSettings(raw: Record<string, unknown>): ZaloSettings {
  const defaultCover = raw.defaultCoverUrl === undefined || raw.defaultCoverUrl === null ? null : baseUrl(raw.defaultCoverUrl, 'defaultCoverUrl', '');
  return {
    ...parseZaloLocation(raw),
    oaId: optionalText(raw.oaId, 'oaId'),
    broadcast: flag(raw.broadcast, 'broadcast', true),
    broadcastTarget: target(raw.broadcastTarget),
    sendWindow: sendWindow(raw.sendWindow),
    broadcastsPerDay: integer(raw.broadcastsPerDay, 'broadcastsPerDay', 1, 1, 50),
    broadcastsPerMonth: integer(raw.broadcastsPerMonth, 'broadcastsPerMonth', 4, 1, 1000),
    moderationDelayMinutes: integer(raw.moderationDelayMinutes, 'moderationDelayMinutes', 10, 0, 24 * 60),
    defaultCoverUrl: defaultCover,
    groupIds: ids(raw.groupIds, 'groupIds'),
    author: optionalText(raw.author, 'author'),
    comments: flag(raw.comments, 'comments', true),
    reconcileArticles: integer(raw.reconcileArticles, 'reconcileArticles', 20, 1, 100),
  };
}

function notConnected(vi: string, en: string): ConnectorError {
  return new ConnectorError({ kind: 'auth', code: 'ZALO_NOT_CONNECTED', sideEffectPossible: false, message: { vi, en } });
}

/** The app's id and secret are always needed; tokens only once the OA is connected (`requireTokens`). */
export function parseZaloCredentials(raw: Record<string, unknown> | null, o: { requireTokens: boolean }): ZaloCredentials {
  const appId = credentialText(raw, 'appId');
  const appSecret = credentialText(raw, 'appSecret');
  if (!appId || !appSecret) {
    throw notConnected(
      'Kênh Zalo OA thiếu mã ứng dụng (appId) hoặc khoá bí mật ứng dụng (appSecret) của ứng dụng Zalo; hãy nhập lại thông tin xác thực',
      'The Zalo OA channel lacks the Zalo app id or app secret; enter the credentials again',
    );
  }
  const accessToken = credentialText(raw, 'accessToken');
  const refreshToken = credentialText(raw, 'refreshToken');
  if (o.requireTokens && (!accessToken || !refreshToken)) {
    throw notConnected(
      'Kênh Zalo OA chưa được kết nối (chưa có mã truy cập); người quản trị OA cần bấm "Kết nối Zalo OA" hoặc dán mã truy cập',
      'The Zalo OA channel is not connected yet (no access token); an OA admin must connect it or paste tokens',
    );
  }
  const issued = credentialText(raw, 'accessTokenIssuedAt');
  const issuedAt = issued && !Number.isNaN(Date.parse(issued)) ? new Date(issued) : null;
  return { appId, appSecret, accessToken, refreshToken, accessTokenIssuedAt: issuedAt };
}
