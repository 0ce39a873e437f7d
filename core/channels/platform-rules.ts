import { randomBytes } from 'node:crypto';
import { invalid, type Messages } from '../../lib/errors.ts';
import type { Platform } from '../../lib/platforms.ts';
import { nfcDeep } from '../../lib/text.ts';
import { MAX_SETTLE_SECONDS, SETTLE_SETTING } from '../deliveries/settle.ts';

/**
 * What each platform needs in a channel's `settings` (non-secret, stored as JSON) and
 * `credentials` (secret, sealed). One table for every platform, checked when an admin
 * creates a channel or replaces its credentials; connectors may later take over the
 * finer checks in their own `validate`. Settings may carry extra keys a connector reads
 * (categories, rate rules …); credentials may carry only the keys listed here.
 */
type Check = (value: unknown) => Messages | null;

interface FieldRule {
  key: string;
  required: boolean;
  check: Check;
}

interface PlatformRule {
  settings: FieldRule[];
  /** null: the platform holds no credentials (Loa's own site, manual Zalo groups). */
  credentials: FieldRule[] | null;
  /** Whether the channel reports how many people it reaches (manual Zalo groups). */
  memberCount: boolean;
  /**
   * The credential a connect flow (server/routes/oauth) brings: a channel created without it
   * holds only its app's keys and waits, `needs_reconnect`, for someone to connect it.
   */
  connectedBy?: string;
}

const text =
  (max = 4096): Check =>
  (v) =>
    typeof v === 'string' && v.trim() !== '' && v.length <= max
      ? null
      : { vi: `cần một chuỗi không rỗng, tối đa ${max} ký tự`, en: `must be a non-empty string of at most ${max} characters` };

const platformId: Check = (v) =>
  typeof v === 'string' && /^[A-Za-z0-9_.-]{1,128}$/.test(v)
    ? null
    : { vi: 'cần một mã định danh (chữ, số, _ . -)', en: 'must be an identifier (letters, digits, _ . -)' };

/** An absolute http(s) URL without user:password (those belong in credentials). */
const httpUrl: Check = (v) => {
  const bad = { vi: 'cần một địa chỉ http:// hoặc https:// đầy đủ', en: 'must be an absolute http:// or https:// URL' };
  if (typeof v !== 'string' || v.length > 2048) return bad;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return bad;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad;
  if (url.username || url.password) {
    return { vi: 'không ghi tên đăng nhập/mật khẩu trong địa chỉ; hãy đưa vào credentials', en: 'must not contain user:password; put those in credentials' };
  }
  return null;
};

/** Standard Webhooks secret: `whsec_` + base64 of 24–64 random bytes. */
const webhookSecret: Check = (v) => {
  const bad = { vi: 'cần dạng whsec_<base64 24–64 byte>', en: 'must be whsec_<base64 of 24–64 bytes>' };
  if (typeof v !== 'string' || !/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(v)) return bad;
  const bytes = Buffer.from(v.slice('whsec_'.length), 'base64').length;
  return bytes >= 24 && bytes <= 64 ? null : bad;
};

const isoDate: Check = (v) =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? null : { vi: 'cần thời điểm ISO 8601', en: 'must be an ISO 8601 date-time' };

/** Whole seconds, 0 to a day: a negative, fractional or absurd settle time is refused, not silently replaced by the default. */
const settleSeconds: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_SETTLE_SECONDS
    ? null
    : { vi: `cần một số nguyên giây từ 0 đến ${MAX_SETTLE_SECONDS} (một ngày)`, en: `must be a whole number of seconds from 0 to ${MAX_SETTLE_SECONDS} (a day)` };

const req = (key: string, check: Check): FieldRule => ({ key, required: true, check });
const opt = (key: string, check: Check): FieldRule => ({ key, required: false, check });

/** Settings every platform may carry: the reconcile settle time that overrides the connector's (core/deliveries/settle.ts). */
const commonSettings: FieldRule[] = [opt(SETTLE_SETTING, settleSeconds)];

export const platformRules: Record<Platform, PlatformRule> = {
  facebook_page: {
    // Without pageId the Page is chosen in the connect flow.
    settings: [opt('pageId', platformId)],
    // userAccessToken: the Page admin's long-lived user token, which opens video upload sessions.
    credentials: [opt('pageAccessToken', text()), opt('userAccessToken', text()), opt('appSecret', text(256))],
    memberCount: false,
    connectedBy: 'pageAccessToken',
  },
  youtube_channel: {
    settings: [opt('channelId', platformId)],
    credentials: [opt('refreshToken', text()), req('clientId', text(512)), req('clientSecret', text(512)), opt('accessToken', text()), opt('accessTokenExpiresAt', isoDate)],
    memberCount: false,
    connectedBy: 'refreshToken',
  },
  zalo_oa: {
    settings: [opt('oaId', platformId)],
    // The Zalo app's id and secret come first; the token pair arrives from the OAuth connect
    // flow (server/routes/oauth) or is pasted, and Loa rotates it (core/credentials).
    credentials: [
      req('appId', text(256)),
      req('appSecret', text(512)),
      opt('accessToken', text()),
      opt('refreshToken', text()),
      opt('accessTokenIssuedAt', isoDate),
      opt('accessTokenExpiresAt', isoDate),
    ],
    memberCount: false,
    connectedBy: 'accessToken',
  },
  zalo_group_manual: {
    settings: [opt('groupUrl', httpUrl)],
    credentials: null,
    memberCount: true,
  },
  // One recipient outside Loa; memberCount is the audience they usually reach.
  share_kit: {
    settings: [opt('profileUrl', httpUrl)],
    credentials: null,
    memberCount: true,
  },
  wordpress: {
    settings: [req('baseUrl', httpUrl)],
    credentials: [req('username', text(256)), req('applicationPassword', text(512))],
    memberCount: false,
  },
  webhook: {
    settings: [req('url', httpUrl)],
    credentials: [req('secret', webhookSecret)],
    memberCount: false,
  },
  site: {
    settings: [],
    credentials: null,
    memberCount: false,
  },
};

/**
 * Settings keys that look like secrets: refused so a token never lands in plain JSON.
 * Keys naming a URL (`tokenUrl`, an OAuth endpoint) are addresses, not secrets.
 */
const secretLookingKey = /token|secret|passw|api_?key|credential|private_?key/i;
const urlKey = /url$/i;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export const credentialsNotUsed = () =>
  invalid('CHANNEL_CREDENTIALS_NOT_USED', '/credentials', {
    vi: 'Loại kênh này không dùng thông tin xác thực',
    en: 'This kind of channel takes no credentials',
  });

export function platformHoldsCredentials(platform: Platform): boolean {
  return platformRules[platform].credentials !== null;
}

/** false: the channel holds its app's keys but not yet what the connect flow brings. */
export function credentialsConnect(platform: Platform, credentials: Record<string, string> | null): boolean {
  const key = platformRules[platform].connectedBy;
  return key === undefined || Boolean(credentials?.[key]);
}

/** Checks and normalises (NFC) settings; throws a 422 naming the first bad field. */
export function checkSettings(platform: Platform, settings: Record<string, unknown>): Record<string, unknown> {
  findSecretLookingKey(settings, '/settings');
  for (const rule of [...commonSettings, ...platformRules[platform].settings]) {
    checkField(settings, rule, '/settings', 'CHANNEL_SETTINGS');
  }
  return nfcDeep(settings);
}

export interface CheckedCredentials {
  /** What gets sealed; null when the platform holds none. */
  credentials: Record<string, string> | null;
  /** A webhook secret Loa generated; shown to the admin once, never again. */
  generatedWebhookSecret?: string;
}

/**
 * Checks credentials against the platform's list (required keys, no unknown keys).
 * Values are trimmed, never otherwise altered. A webhook channel without a secret gets
 * a generated one.
 */
export function checkCredentials(platform: Platform, given: Record<string, string> | undefined): CheckedCredentials {
  const rules = platformRules[platform].credentials;
  if (rules === null) {
    if (given && Object.keys(given).length > 0) {
      throw credentialsNotUsed();
    }
    return { credentials: null };
  }
  const credentials = Object.fromEntries(Object.entries(given ?? {}).map(([k, v]) => [k, v.trim()]));
  let generatedWebhookSecret: string | undefined;
  if (platform === 'webhook' && credentials.secret === undefined) {
    generatedWebhookSecret = generateWebhookSecret();
    credentials.secret = generatedWebhookSecret;
  }
  const known = new Set(rules.map((r) => r.key));
  const unknown = Object.keys(credentials).find((k) => !known.has(k));
  if (unknown !== undefined) {
    throw invalid('CHANNEL_CREDENTIALS_UNKNOWN_FIELD', `/credentials/${pointerEscape(unknown)}`, {
      vi: `Trường "${unknown}" không thuộc thông tin xác thực của loại kênh này`,
      en: `"${unknown}" is not a credential of this kind of channel`,
    });
  }
  for (const rule of rules) checkField(credentials, rule, '/credentials', 'CHANNEL_CREDENTIALS');
  return generatedWebhookSecret ? { credentials, generatedWebhookSecret } : { credentials };
}

export function checkMemberCount(platform: Platform, memberCount: number | null | undefined): void {
  if (memberCount !== undefined && memberCount !== null && !platformRules[platform].memberCount) {
    throw invalid('CHANNEL_MEMBER_COUNT_NOT_USED', '/memberCount', {
      vi: 'Chỉ nhóm Zalo (đăng thủ công) mới có số thành viên',
      en: 'Only manual Zalo groups have a member count',
    });
  }
}

function checkField(values: Record<string, unknown>, rule: FieldRule, base: string, codePrefix: string): void {
  const field = `${base}/${rule.key}`;
  const value = values[rule.key];
  if (value === undefined || value === null || value === '') {
    if (!rule.required) return;
    throw invalid(`${codePrefix}_REQUIRED`, field, { vi: `Thiếu trường bắt buộc ${field}`, en: `${field} is required` });
  }
  const problem = rule.check(value);
  if (problem) throw invalid(`${codePrefix}_INVALID`, field, { vi: `${field} ${problem.vi}`, en: `${field} ${problem.en}` });
}

function findSecretLookingKey(value: unknown, at: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findSecretLookingKey(v, `${at}/${i}`));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const field = `${at}/${pointerEscape(key)}`;
    if (secretLookingKey.test(key) && !urlKey.test(key)) {
      throw invalid('CHANNEL_SETTINGS_SECRET', field, {
        vi: `Cấu hình ${field} trông như thông tin bí mật; hãy đưa vào credentials (được mã hoá)`,
        en: `Setting ${field} looks like a secret; put it in credentials (encrypted)`,
      });
    }
    findSecretLookingKey(v, field);
  }
}

/** RFC 6901 escaping of one JSON pointer segment. */
function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
