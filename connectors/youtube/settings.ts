import { ConnectorError } from '../contract.ts';
import { createSettingsReader, credentialText, urlRoot } from '../settings.ts';

/** How a channel reaches one YouTube channel; stored in `channels.settings` (no secrets here). */
export interface YoutubeSettings {
  /** Root of the Data API and of its uploads (`/youtube/v3/…`, `/upload/youtube/v3/…`), with a trailing slash. (Default: `https://www.googleapis.com/`) */
  apiBaseUrl: string;
  /** Google's OAuth token endpoint. (Default: `https://oauth2.googleapis.com/token`) */
  tokenUrl: string;
  /** Google's consent page the connect flow sends the channel owner to. (Default: `https://accounts.google.com/o/oauth2/v2/auth`) */
  authUrl: string;
  /** Privacy of an uploaded video; a video scheduled with `publishAt` is sent `private` whatever this says. (Default: public) */
  privacyStatus: 'public' | 'unlisted' | 'private';
  /** YouTube category id, a string of digits ("22" = People & Blogs). (Default: "22") */
  categoryId: string;
  /** `snippet.defaultLanguage` (BCP-47). (Default: vi) */
  defaultLanguage: string;
  /** `status.containsSyntheticMedia`: the video holds realistic AI-made or altered content. (Default: false) */
  containsSyntheticMedia: boolean;
  /** A video due in the future is uploaded private with `status.publishAt`; YouTube makes it public then. (Default: true) */
  nativeScheduling: boolean;
  /** Bytes per upload request, a multiple of 256 KiB. (Default: 8 MiB) */
  chunkSizeBytes: number;
  /** `first-image`: the post's first image becomes the custom thumbnail; `none`: YouTube picks a frame. (Default: first-image) */
  thumbnail: 'first-image' | 'none';
  /** Largest thumbnail YouTube takes (2 MB until 2026-09-14, 50 MB after). (Default: 2 MiB) */
  thumbnailMaxBytes: number;
  /** Takedown makes the video private (reversible) or deletes it. (Default: private) */
  takedownMode: 'private' | 'delete';
  /** videos.insert calls per Pacific day of the Google Cloud project (own bucket since 2026-06-01). (Default: 100) */
  quotaUploadsPerDay: number;
  /** Data API units per Pacific day of the project, shared by every other call. (Default: 10,000) */
  quotaUnitsPerDay: number;
  /** Upload-playlist pages (50 videos each) reconcile reads looking for the marker. (Default: 2) */
  reconcilePages: number;
}

/** Sealed credentials of a YouTube channel (core/channels/platform-rules.ts). */
export interface YoutubeCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken: string | null;
  /** Only an access token with a known expiry is reused; Google's answer tells it. */
  accessTokenExpiresAt: Date | null;
}

export const DEFAULT_API_BASE_URL = 'https://www.googleapis.com/';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
/** Resumable upload chunks must be multiples of this (platform-apis.md §2.2). */
export const UPLOAD_CHUNK_UNIT = 256 * 1024;
const MIB = 1024 * 1024;
const settings = createSettingsReader({ code: 'YT_SETTINGS_INVALID', label: 'YouTube', urlExample: 'https://www.googleapis.com/' });
const { integer, flag, oneOf } = settings;
const invalidSettings = settings.invalid;

function url(raw: unknown, field: string, fallback: string, trailingSlash: boolean): string {
  if (raw === undefined || raw === null) return fallback;
  const parsed = settings.url(raw, field);
  return trailingSlash ? `${urlRoot(parsed)}/` : parsed.href;
}

export function parseYoutubeSettings(raw: Record<string, unknown>): YoutubeSettings {
  const category = raw.categoryId ?? '22';
  // YouTube wants the category id as a string; an admin typing 22 means "22".
  if (!(typeof category === 'string' || typeof category === 'number') || !/^\d{1,4}$/.test(String(category))) {
    throw invalidSettings('categoryId', 'cần mã chuyên mục YouTube dạng số, ví dụ "22"', 'expected a numeric YouTube category id such as "22"');
  }
  const language = raw.defaultLanguage ?? 'vi';
  if (typeof language !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
    throw invalidSettings('defaultLanguage', 'cần mã ngôn ngữ BCP-47, ví dụ vi', 'expected a BCP-47 language tag such as vi');
  }
  const chunkSizeBytes = integer(raw.chunkSizeBytes, 'chunkSizeBytes', 8 * MIB, UPLOAD_CHUNK_UNIT, 1024 * MIB);
  if (chunkSizeBytes % UPLOAD_CHUNK_UNIT !== 0) {
    throw invalidSettings('chunkSizeBytes', 'cần là bội số của 262144 byte (256 KiB)', 'must be a multiple of 262,144 bytes (256 KiB)');
  }
  return {
    apiBaseUrl: url(raw.apiBaseUrl, 'apiBaseUrl', DEFAULT_API_BASE_URL, true),
    tokenUrl: url(raw.tokenUrl, 'tokenUrl', DEFAULT_TOKEN_URL, false),
    authUrl: url(raw.authUrl, 'authUrl', DEFAULT_AUTH_URL, false),
    privacyStatus: oneOf(raw.privacyStatus, 'privacyStatus', ['public', 'unlisted', 'private'] as const, 'public'),
    categoryId: String(category),
    defaultLanguage: language,
    containsSyntheticMedia: flag(raw.containsSyntheticMedia, 'containsSyntheticMedia', false),
    nativeScheduling: flag(raw.nativeScheduling, 'nativeScheduling', true),
    chunkSizeBytes,
    thumbnail: oneOf(raw.thumbnail, 'thumbnail', ['first-image', 'none'] as const, 'first-image'),
    thumbnailMaxBytes: integer(raw.thumbnailMaxBytes, 'thumbnailMaxBytes', 2 * MIB, 64 * 1024, 50 * MIB),
    takedownMode: oneOf(raw.takedownMode, 'takedownMode', ['private', 'delete'] as const, 'private'),
    quotaUploadsPerDay: integer(raw.quotaUploadsPerDay, 'quotaUploadsPerDay', 100, 1, 1_000_000),
    quotaUnitsPerDay: integer(raw.quotaUnitsPerDay, 'quotaUnitsPerDay', 10_000, 1, 100_000_000),
    reconcilePages: integer(raw.reconcilePages, 'reconcilePages', 2, 1, 20),
  };
}

export function parseYoutubeCredentials(raw: Record<string, unknown> | null): YoutubeCredentials {
  const clientId = credentialText(raw, 'clientId');
  const clientSecret = credentialText(raw, 'clientSecret');
  const refreshToken = credentialText(raw, 'refreshToken');
  if (!clientId || !clientSecret || !refreshToken) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'YT_CREDENTIALS_MISSING',
      sideEffectPossible: false,
      message: {
        vi: 'Kênh YouTube thiếu thông tin xác thực (clientId, clientSecret, refreshToken); hãy kết nối lại kênh bằng tài khoản Google quản lý kênh',
        en: 'The YouTube channel lacks credentials (clientId, clientSecret, refreshToken); reconnect it with the Google account that manages the channel',
      },
    });
  }
  const accessToken = credentialText(raw, 'accessToken');
  const expires = credentialText(raw, 'accessTokenExpiresAt');
  const expiresAt = expires === null ? null : new Date(expires);
  return {
    clientId,
    clientSecret,
    refreshToken,
    accessToken,
    accessTokenExpiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : null,
  };
}
