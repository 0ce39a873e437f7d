import { ConnectorError } from '../contract.ts';
import type { HttpClient } from '../http.ts';
import { createGraphClient } from './client.ts';
import { bool, list, num, obj, str, strings } from '../guards.ts';
import { parseGraphLocation } from './settings.ts';

/** Permissions a Page token needs for what Loa does (platform-apis.md §1.2). */
export const REQUIRED_PAGE_SCOPES = ['pages_manage_posts', 'pages_read_engagement', 'pages_show_list'];
/** Pages listed per /me/accounts request, and requests made before giving up. */
const ACCOUNTS_PAGE_SIZE = 100;
const MAX_ACCOUNT_PAGES = 10;

export interface DebugTokenInfo {
  isValid: boolean;
  /** null: the token does not expire (a Page token from a long-lived user token). */
  expiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  scopes: string[];
  type: string | null;
  appId: string | null;
  userId: string | null;
  /** The Page a PAGE token belongs to. */
  profileId: string | null;
}

export interface PageTokenGrant {
  pageAccessToken: string;
  pageName: string;
  /** Tasks the user may perform on the Page (CREATE_CONTENT, MODERATE …). */
  tasks: string[];
  /** Long-lived user token (~60 days); opens video upload sessions. */
  userAccessToken: string;
  userTokenExpiresAt: Date | null;
}

const now = () => new Date();
const seconds = (s: number | undefined): Date | null => (s ? new Date(s * 1000) : null);

function refused(code: string, vi: string, en: string): ConnectorError {
  return new ConnectorError({ kind: 'auth', code, sideEffectPossible: false, message: { vi, en } });
}

export interface ManagedPage {
  id: string;
  name: string;
  /** Tasks the user may perform on the Page (CREATE_CONTENT, MODERATE …). */
  tasks: string[];
  /** null: Graph gave no token for this Page. */
  accessToken: string | null;
}

export interface LongLivedUserToken {
  userAccessToken: string;
  userTokenExpiresAt: Date | null;
}

/** Short-lived user token → long-lived user token (~60 days) with `fb_exchange_token` (§1.2). */
export async function longLivedUserToken(
  input: { appId: string; appSecret: string; userToken: string },
  http: HttpClient,
  settings: Record<string, unknown> = {},
): Promise<LongLivedUserToken> {
  const anonymous = createGraphClient({ http, location: parseGraphLocation(settings), token: '', appSecret: null, now });
  const exchanged = await anonymous.call<unknown>({
    method: 'GET',
    path: 'oauth/access_token',
    auth: 'none',
    query: { grant_type: 'fb_exchange_token', client_id: input.appId, client_secret: input.appSecret, fb_exchange_token: input.userToken },
    action: { vi: 'đổi sang mã truy cập dài hạn', en: 'exchanging for a long-lived token' },
  });
  const userAccessToken = str(exchanged, 'access_token');
  if (!userAccessToken) throw refused('FB_EXCHANGE_FAILED', 'Facebook không trả mã truy cập dài hạn', 'Facebook returned no long-lived token');
  const expiresIn = num(exchanged, 'expires_in');
  return { userAccessToken, userTokenExpiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null };
}

/** Every Page the user token manages, with its Page token (`/me/accounts`, §1.2), paging through. */
export async function managedPages(token: LongLivedUserToken & { appSecret: string }, http: HttpClient, settings: Record<string, unknown> = {}): Promise<ManagedPage[]> {
  const asUser = createGraphClient({ http, location: parseGraphLocation(settings), token: token.userAccessToken, appSecret: token.appSecret, now });
  const pages: ManagedPage[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_ACCOUNT_PAGES; page++) {
    const answer = await asUser.call<unknown>({
      method: 'GET',
      path: 'me/accounts',
      query: { fields: 'id,name,access_token,tasks', limit: String(ACCOUNTS_PAGE_SIZE), ...(after ? { after } : {}) },
      action: { vi: 'đọc danh sách Trang của người dùng', en: 'listing the user’s Pages' },
    });
    for (const p of list(answer, 'data')) {
      const id = str(p, 'id');
      if (id) pages.push({ id, name: str(p, 'name') ?? '', tasks: strings(p, 'tasks'), accessToken: str(p, 'access_token') ?? null });
    }
    const paging = obj(answer, 'paging');
    after = str(obj(paging, 'cursors'), 'after');
    if (!str(paging, 'next') || !after) break;
  }
  return pages;
}

/** The grant for one Page of the list; `auth` errors when the user does not manage it or may not post on it. */
export function grantForPage(pages: ManagedPage[], pageId: string, user: LongLivedUserToken): PageTokenGrant {
  const match = pages.find((p) => p.id === pageId);
  if (!match) {
    throw refused(
      'FB_PAGE_NOT_MANAGED',
      `Tài khoản Facebook vừa đăng nhập không quản lý Trang ${pageId} (hoặc chưa cấp quyền Trang đó cho ứng dụng khi đăng nhập)`,
      `The Facebook account does not manage Page ${pageId} (or did not grant that Page to the app at login)`,
    );
  }
  if (!match.accessToken || !match.tasks.includes('CREATE_CONTENT')) {
    throw refused(
      'FB_PAGE_ROLE_MISSING',
      'Người kết nối không có quyền tạo nội dung (CREATE_CONTENT) trên Trang này; hãy nhờ quản trị Trang cấp vai trò phù hợp',
      'The connecting person may not create content (CREATE_CONTENT) on this Page; ask a Page admin for a suitable role',
    );
  }
  return { pageAccessToken: match.accessToken, pageName: match.name, tasks: match.tasks, ...user };
}

/**
 * Connect flow: a short-lived user token from Facebook Login → long-lived user token
 * (`fb_exchange_token`) → the Page's token from /me/accounts. A Page token obtained from a
 * long-lived user token does not expire; it dies when the person loses the Page role,
 * changes password or removes the app (then `auth` errors ask for a reconnect).
 */
export async function exchangeForPageToken(
  input: { appId: string; appSecret: string; userToken: string; pageId: string },
  http: HttpClient,
  settings: Record<string, unknown> = {},
): Promise<PageTokenGrant> {
  const user = await longLivedUserToken(input, http, settings);
  const pages = await managedPages({ ...user, appSecret: input.appSecret }, http, settings);
  return grantForPage(pages, input.pageId, user);
}

/**
 * GET /debug_token: what a token is and whether it still works. `appToken` is the app token
 * (`{app-id}|{app-secret}`) or any valid token of the app; without one the token inspects itself.
 */
export async function debugToken(token: string, appToken: string | null, http: HttpClient, settings: Record<string, unknown> = {}): Promise<DebugTokenInfo> {
  const client = createGraphClient({ http, location: parseGraphLocation(settings), token: appToken ?? token, appSecret: null, now });
  const answer = await client.call<unknown>({
    method: 'GET',
    path: 'debug_token',
    query: { input_token: token },
    action: { vi: 'kiểm tra mã truy cập', en: 'checking the access token' },
  });
  const data = obj(answer, 'data');
  return {
    isValid: bool(data, 'is_valid') ?? false,
    expiresAt: seconds(num(data, 'expires_at')),
    dataAccessExpiresAt: seconds(num(data, 'data_access_expires_at')),
    scopes: strings(data, 'scopes'),
    type: str(data, 'type') ?? null,
    appId: str(data, 'app_id') ?? null,
    userId: str(data, 'user_id') ?? null,
    profileId: str(data, 'profile_id') ?? null,
  };
}

/**
 * Checks a Page token an admin pasted (e.g. from Graph API Explorer): valid, a PAGE token of
 * this Page, with the permissions Loa needs. Returns what debug_token said; throws `auth` with
 * what to fix otherwise.
 */
export async function checkPastedPageToken(
  input: { pageToken: string; pageId: string; appId?: string | null; appSecret?: string | null },
  http: HttpClient,
  settings: Record<string, unknown> = {},
): Promise<DebugTokenInfo> {
  const appToken = input.appId && input.appSecret ? `${input.appId}|${input.appSecret}` : null;
  const info = await debugToken(input.pageToken, appToken, http, settings);
  if (!info.isValid) throw refused('FB_TOKEN_INVALID', 'Mã truy cập Trang đã dán không còn hiệu lực', 'The pasted Page token is not valid');
  if (info.type !== 'PAGE' || (info.profileId !== null && info.profileId !== input.pageId)) {
    throw refused(
      'FB_TOKEN_NOT_FOR_PAGE',
      `Mã đã dán không phải mã truy cập của Trang ${input.pageId} (là mã loại ${info.type ?? '?'}); hãy lấy mã Trang (Page access token)`,
      `The pasted token is not a Page token of Page ${input.pageId} (type ${info.type ?? '?'}); paste a Page access token`,
    );
  }
  const missing = REQUIRED_PAGE_SCOPES.filter((s) => !info.scopes.includes(s));
  if (missing.length > 0) {
    throw refused('FB_TOKEN_SCOPES_MISSING', `Mã truy cập thiếu quyền: ${missing.join(', ')}`, `The token lacks permissions: ${missing.join(', ')}`);
  }
  return info;
}
