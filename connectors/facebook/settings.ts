import { ConnectorError } from '../contract.ts';
import { createSettingsReader, credentialText } from '../settings.ts';

/** Where Graph lives; a setting so tests and the demo point it at the simulator. */
export interface GraphLocation {
  /** (Default: `https://graph.facebook.com`) */
  graphBaseUrl: string;
  /** Host of photo and video uploads (Resumable Upload API). (Default: graphBaseUrl) */
  uploadBaseUrl: string;
  /** (Default: `v24.0`) */
  apiVersion: string;
}

/** How a channel reaches one Facebook Page; stored in `channels.settings`. */
export interface FacebookSettings extends GraphLocation {
  pageId: string;
  /** Meta app that owns the Resumable Upload sessions; needed for video only. */
  appId: string | null;
  /** Base of the public links Loa shows for a post. (Default: `https://www.facebook.com`) */
  webBaseUrl: string;
  /** A post due ≥ 10 min ahead is handed to Facebook with `scheduled_publish_time`. (Default: true) */
  nativeScheduling: boolean;
  /** Furthest ahead Facebook is asked to schedule; later posts wait in Loa. (Default: 30) */
  maxScheduleLeadDays: number;
  /** Bytes per video upload request. (Default: 8 MiB) */
  chunkSizeBytes: number;
  /** `source` streams the photo bytes; `url` lets Facebook fetch the file from the campaign site. (Default: source) */
  photoUpload: 'source' | 'url';
  /** Post insights asked for (§1.7 current names); a name Graph no longer knows is dropped and reported. */
  insightsMetrics: string[];
  /** Video insights asked for on video posts. */
  videoInsightsMetrics: string[];
  /** Reconcile lists posts created since the attempt start minus this. (Default: 15) */
  reconcileSkewMinutes: number;
}

export interface FacebookCredentials {
  pageAccessToken: string;
  /** Long-lived user token of the Page admin: starts video upload sessions (the docs ask for a user token). */
  userAccessToken: string | null;
  /** Signs every call with `appsecret_proof` when set (app setting "Require App Secret"). */
  appSecret: string | null;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_API_VERSION = 'v24.0';
export const DEFAULT_DIALOG_BASE_URL = 'https://www.facebook.com';
/** Current names after the 2025 deprecations (platform-apis.md §1.7). */
export const DEFAULT_INSIGHTS_METRICS = ['post_total_media_view_unique', 'post_clicks', 'post_reactions_by_type_total'];
export const DEFAULT_VIDEO_INSIGHTS_METRICS = ['total_video_views', 'total_video_views_unique'];
const MIB = 1024 * 1024;
const settings = createSettingsReader({ code: 'FB_SETTINGS_INVALID', label: 'Facebook', urlExample: 'https://graph.facebook.com' });
const { baseUrl, integer, flag } = settings;
const invalidSettings = settings.invalid;

function metricNames(raw: unknown, field: string, fallback: string[]): string[] {
  if (raw === undefined || raw === null) return fallback;
  if (!Array.isArray(raw) || !raw.every((m) => typeof m === 'string' && /^[a-z0-9_]{1,100}$/.test(m))) {
    throw invalidSettings(field, 'cần danh sách tên chỉ số (chữ thường, số, _)', 'expected a list of metric names (lowercase, digits, _)');
  }
  return [...new Set(raw as string[])];
}

function graphId(raw: unknown, field: string, required: boolean): string | null {
  if ((raw === undefined || raw === null || raw === '') && !required) return null;
  if ((typeof raw !== 'string' && typeof raw !== 'number') || !/^\d{1,32}$/.test(String(raw))) {
    throw invalidSettings(field, 'cần mã số (ID) của Facebook, chỉ gồm chữ số', 'expected a numeric Facebook id');
  }
  return String(raw);
}

export function parseGraphLocation(raw: Record<string, unknown>): GraphLocation {
  const graphBaseUrl = baseUrl(raw.graphBaseUrl, 'graphBaseUrl', DEFAULT_GRAPH_BASE_URL);
  const apiVersion = raw.apiVersion ?? DEFAULT_API_VERSION;
  if (typeof apiVersion !== 'string' || !/^v\d{1,3}\.\d{1,2}$/.test(apiVersion)) {
    throw invalidSettings('apiVersion', 'cần dạng vNN.N, ví dụ v24.0', 'expected vNN.N, e.g. v24.0');
  }
  return { graphBaseUrl, uploadBaseUrl: baseUrl(raw.uploadBaseUrl, 'uploadBaseUrl', graphBaseUrl), apiVersion };
}

/** Where the Facebook Login dialog lives: `{dialogBaseUrl}/{apiVersion}/dialog/oauth`. (Default: `https://www.facebook.com`) */
export function parseLoginDialogBase(raw: Record<string, unknown>): string {
  return baseUrl(raw.dialogBaseUrl, 'dialogBaseUrl', DEFAULT_DIALOG_BASE_URL);
}

export function parseFacebookSettings(raw: Record<string, unknown>): FacebookSettings {
  const photoUpload = raw.photoUpload ?? 'source';
  if (photoUpload !== 'source' && photoUpload !== 'url') throw invalidSettings('photoUpload', 'chỉ nhận source hoặc url', 'expected source or url');
  return {
    ...parseGraphLocation(raw),
    pageId: graphId(raw.pageId, 'pageId', true) as string,
    appId: graphId(raw.appId, 'appId', false),
    webBaseUrl: baseUrl(raw.webBaseUrl, 'webBaseUrl', 'https://www.facebook.com'),
    nativeScheduling: flag(raw.nativeScheduling, 'nativeScheduling', true),
    maxScheduleLeadDays: integer(raw.maxScheduleLeadDays, 'maxScheduleLeadDays', 30, 1, 180),
    chunkSizeBytes: integer(raw.chunkSizeBytes, 'chunkSizeBytes', 8 * MIB, 64 * 1024, 64 * MIB),
    photoUpload,
    insightsMetrics: metricNames(raw.insightsMetrics, 'insightsMetrics', DEFAULT_INSIGHTS_METRICS),
    videoInsightsMetrics: metricNames(raw.videoInsightsMetrics, 'videoInsightsMetrics', DEFAULT_VIDEO_INSIGHTS_METRICS),
    reconcileSkewMinutes: integer(raw.reconcileSkewMinutes, 'reconcileSkewMinutes', 15, 1, 24 * 60),
  };
}

export function parseFacebookCredentials(raw: Record<string, unknown> | null): FacebookCredentials {
  const pageAccessToken = credentialText(raw, 'pageAccessToken');
  if (!pageAccessToken) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'FB_CREDENTIALS_MISSING',
      sideEffectPossible: false,
      message: {
        vi: 'Kênh Facebook chưa có mã truy cập Trang (Page access token); hãy kết nối lại kênh',
        en: 'The Facebook channel has no Page access token; reconnect the channel',
      },
    });
  }
  return { pageAccessToken, userAccessToken: credentialText(raw, 'userAccessToken'), appSecret: credentialText(raw, 'appSecret') };
}
