import { youtube, type youtube_v3 } from '@googleapis/youtube';
import type { Readable } from 'node:stream';
import { ConnectorError, type PublishContext } from '../contract.ts';
import { bearerOf, createYoutubeOAuth, type YoutubeOAuth } from './auth.ts';
import { fromGoogleError, withSideEffect, type Action } from './errors.ts';
import type { YoutubeCredentials, YoutubeSettings } from './settings.ts';

export type YtVideo = youtube_v3.Schema$Video;

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Readable | string | Buffer<ArrayBuffer> | null;
  timeoutMs?: number;
  action: Action;
  /** The request may complete the upload: a lost answer leaves the video possibly created. */
  creating: boolean;
}

/** Video ids per videos.list call (platform-apis.md §2.5). */
export const VIDEOS_PER_LIST = 50;

/**
 * One YouTube channel's API for one call: metadata through the googleapis client (rootUrl
 * passed per API and per call, §2.9: a per-API rootUrl alone does not move uploads), and raw
 * requests for the upload protocol the client does not speak. Nothing here retries.
 */
export function createYoutubeClient(ctx: PublishContext, settings: YoutubeSettings, credentials: YoutubeCredentials) {
  const oauth: YoutubeOAuth = createYoutubeOAuth(ctx.http, settings.tokenUrl, credentials);
  const rootUrl = settings.apiBaseUrl;
  const api = youtube({ version: 'v3', auth: oauth, rootUrl });
  const perCall = { rootUrl };

  async function call<T>(action: Action, run: () => Promise<{ data: T }>): Promise<T> {
    return (await callTimed(action, run)).data;
  }

  /** A metadata call's answer and YouTube's clock minus Loa's when it answered (its `Date` header), or null without one. */
  async function callTimed<T>(action: Action, run: () => Promise<{ data: T; headers?: unknown }>): Promise<{ data: T; clockOffsetMs: number | null }> {
    if (ctx.signal.aborted) throw stopped(action);
    try {
      const res = await run();
      const serverTime = Date.parse(dateHeaderOf(res.headers) ?? '');
      return { data: res.data, clockOffsetMs: Number.isFinite(serverTime) ? serverTime - ctx.now().getTime() : null };
    } catch (err) {
      // Metadata calls create nothing: even a lost answer to update/delete is safe to repeat.
      throw fromGoogleError(err, { action, creating: false, now: ctx.now(), log: ctx.log });
    }
  }

  return {
    oauth,
    uploadBase: `${rootUrl}upload/youtube/v3`,

    /** A request of the upload protocol, with a fresh bearer token; network failures keep `creating` as told. */
    async raw(r: RawRequest): Promise<Response> {
      if (ctx.signal.aborted) throw stopped(r.action);
      const token = await bearerOf(oauth, ctx.log, ctx.now());
      try {
        return await ctx.http.request({
          method: r.method,
          url: r.url,
          headers: { authorization: `Bearer ${token}`, ...r.headers },
          body: r.body ?? null,
          timeoutMs: r.timeoutMs,
        });
      } catch (err) {
        if (err instanceof ConnectorError) throw withSideEffect(err, r.creating && err.sideEffectPossible);
        throw err;
      }
    },

    listVideos(ids: string[], parts: string[]): Promise<youtube_v3.Schema$VideoListResponse> {
      return call({ vi: 'đọc thông tin video', en: 'reading videos' }, () => api.videos.list({ part: parts, id: ids }, perCall));
    },

    /** The channel's "uploads" playlist (channels.list mine=true). */
    async uploadsPlaylistId(): Promise<string | null> {
      const data = await call({ vi: 'đọc thông tin kênh', en: 'reading the channel' }, () => api.channels.list({ part: ['contentDetails'], mine: true }, perCall));
      return data.items?.[0]?.contentDetails?.relatedPlaylists?.uploads ?? null;
    },

    /** A page of the uploads playlist, with YouTube's clock offset (its `publishedAt` times are in that clock). */
    listPlaylistItems(playlistId: string, pageToken: string | undefined): Promise<{ data: youtube_v3.Schema$PlaylistItemListResponse; clockOffsetMs: number | null }> {
      return callTimed({ vi: 'đọc danh sách video đã tải lên', en: 'listing the uploaded videos' }, () =>
        api.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId, maxResults: VIDEOS_PER_LIST, ...(pageToken ? { pageToken } : {}) }, perCall),
      );
    },

    updateVideo(part: string[], video: YtVideo): Promise<YtVideo> {
      return call({ vi: 'cập nhật video', en: 'updating the video' }, () => api.videos.update({ part, requestBody: video }, perCall));
    },

    async deleteVideo(id: string): Promise<void> {
      await call({ vi: 'xóa video', en: 'deleting the video' }, () => api.videos.delete({ id }, perCall));
    },
  };
}

export type YoutubeClient = ReturnType<typeof createYoutubeClient>;

/** The `Date` header of a googleapis answer (gaxios gives a Headers object, older versions a plain one). */
function dateHeaderOf(headers: unknown): string | null {
  if (headers instanceof Headers) return headers.get('date');
  const value = headers && typeof headers === 'object' ? (headers as Record<string, unknown>).date : undefined;
  return typeof value === 'string' ? value : null;
}

function stopped(action: Action): ConnectorError {
  return new ConnectorError({
    kind: 'transient',
    code: 'NET_ABORTED',
    sideEffectPossible: false,
    message: { vi: `Đã dừng trước khi ${action.vi} (máy chủ Loa đang tắt)`, en: `Stopped before ${action.en} (Loa is shutting down)` },
  });
}
