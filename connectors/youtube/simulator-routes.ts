import type { IncomingMessage } from 'node:http';
import { apiError, type SimAnswer, type SimVideo, type YoutubeSimState } from './simulator-state.ts';
import { checkInsertMetadata, checkStatus, listParam, videoResource } from './simulator-videos.ts';

export interface MetadataRouteDeps {
  state: YoutubeSimState;
  spend(bucket: 'units', cost: number): SimAnswer | null;
  /** false: the account has no channel (channels.list mine=true answers no items). */
  hasChannel: boolean;
}

const PAGE_MAX = 50;

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const live = (state: YoutubeSimState) => state.videos.filter((v) => !v.deleted);
const pageToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (token: string | null) => (token ? Number(/^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString())?.[1] ?? NaN) : 0);

/** The Data API calls Loa makes besides uploads: videos.list/update/delete, channels.list, playlistItems.list. */
export function createMetadataRoutes(d: MetadataRouteDeps) {
  function listVideos(query: URLSearchParams): SimAnswer {
    const spent = d.spend('units', 1);
    if (spent) return spent;
    const parts = new Set(listParam(query, 'part'));
    const ids = listParam(query, 'id');
    if (parts.size === 0) return apiError(400, 'required', 'Required parameter: part', 'global');
    if (ids.length > PAGE_MAX) return apiError(400, 'invalidValue', `Too many ids: at most ${PAGE_MAX}.`, 'global');
    // §2.5: a video the caller may not read is left out of `items`, without an error.
    const items = ids
      .filter((id) => !d.state.metadataHidden.has(id))
      .map((id) => live(d.state).find((v) => v.id === id))
      .filter((v): v is SimVideo => v !== undefined);
    return {
      status: 200,
      body: { kind: 'youtube#videoListResponse', etag: 'list', items: items.map((v) => videoResource(v, parts)), pageInfo: { totalResults: items.length, resultsPerPage: items.length } },
    };
  }

  /** videos.update: each part sent replaces that part; writable status fields not sent fall back to defaults. */
  async function updateVideo(query: URLSearchParams, req: IncomingMessage): Promise<SimAnswer> {
    const spent = d.spend('units', 50);
    if (spent) {
      req.resume();
      return spent;
    }
    const parts = new Set(listParam(query, 'part'));
    const body = await jsonBody(req);
    if (!body) return apiError(400, 'parseError', 'Parse Error', 'global');
    const video = live(d.state).find((v) => v.id === body.id);
    if (!video) return apiError(404, 'videoNotFound', 'The video that you are trying to update cannot be found.');
    if (parts.has('snippet')) {
      const snippet = (body.snippet ?? {}) as Record<string, unknown>;
      // The same snippet rules as videos.insert (§2.3: title ≤ 100 characters, description ≤ 5000
      // bytes, no < >, tags ≤ 500), and categoryId is required when the snippet is updated.
      const invalid = checkInsertMetadata({ snippet });
      if (invalid) return invalid;
      if (typeof snippet.categoryId !== 'string') return apiError(400, 'invalidCategoryId', 'The snippet.categoryId property specifies an invalid category ID.');
      // The part is replaced whole: a field not sent (defaultLanguage) is cleared.
      video.snippet = {
        ...video.snippet,
        title: snippet.title as string,
        categoryId: snippet.categoryId,
        description: typeof snippet.description === 'string' ? snippet.description : '',
        tags: Array.isArray(snippet.tags) ? (snippet.tags as string[]) : [],
        defaultLanguage: typeof snippet.defaultLanguage === 'string' ? snippet.defaultLanguage : undefined,
      };
    }
    if (parts.has('status')) {
      const status = (body.status ?? {}) as Record<string, unknown>;
      if (status.privacyStatus === undefined) return apiError(400, 'invalidVideoMetadata', 'The request metadata is invalid: status.privacyStatus is required.');
      const invalid = checkStatus(status);
      if (invalid) return invalid;
      if (status.publishAt !== undefined && video.status.privacyStatus === 'public') {
        return apiError(400, 'invalidPublishAt', 'A video that was already published cannot be scheduled.');
      }
      video.status = {
        privacyStatus: status.privacyStatus as SimVideo['status']['privacyStatus'],
        ...(typeof status.publishAt === 'string' ? { publishAt: new Date(status.publishAt).toISOString() } : {}),
        ...(typeof status.selfDeclaredMadeForKids === 'boolean' ? { selfDeclaredMadeForKids: status.selfDeclaredMadeForKids } : {}),
        ...(typeof status.containsSyntheticMedia === 'boolean' ? { containsSyntheticMedia: status.containsSyntheticMedia } : {}),
        embeddable: typeof status.embeddable === 'boolean' ? status.embeddable : true,
        license: status.license === 'creativeCommon' ? 'creativeCommon' : 'youtube',
        publicStatsViewable: typeof status.publicStatsViewable === 'boolean' ? status.publicStatsViewable : true,
        uploadStatus: video.status.uploadStatus,
        ...(video.status.failureReason ? { failureReason: video.status.failureReason } : {}),
        ...(video.status.rejectionReason ? { rejectionReason: video.status.rejectionReason } : {}),
      };
    }
    return { status: 200, body: videoResource(video, parts) };
  }

  function deleteVideo(query: URLSearchParams): SimAnswer {
    const spent = d.spend('units', 50);
    if (spent) return spent;
    const video = live(d.state).find((v) => v.id === query.get('id'));
    if (!video) return apiError(404, 'videoNotFound', 'The video that you are trying to delete cannot be found.');
    video.deleted = true;
    return { status: 204 };
  }

  function listChannels(query: URLSearchParams): SimAnswer {
    const spent = d.spend('units', 1);
    if (spent) return spent;
    if (query.get('mine') !== 'true') return apiError(400, 'missingRequiredParameter', 'No filter selected.', 'youtube.parameter');
    const parts = new Set(listParam(query, 'part'));
    const channel = {
      kind: 'youtube#channel',
      etag: 'ch',
      id: d.state.channelId,
      ...(parts.has('snippet') ? { snippet: { title: d.state.channelTitle, description: '', customUrl: '@conduonghuongthien' } } : {}),
      ...(parts.has('contentDetails') ? { contentDetails: { relatedPlaylists: { likes: '', uploads: d.state.uploadsPlaylistId } } } : {}),
    };
    const items = d.hasChannel ? [channel] : [];
    return { status: 200, body: { kind: 'youtube#channelListResponse', etag: 'channels', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items } };
  }

  /** The uploads playlist, newest first, 50 at most per page. */
  function listPlaylistItems(query: URLSearchParams): SimAnswer {
    const spent = d.spend('units', 1);
    if (spent) return spent;
    if (query.get('playlistId') !== d.state.uploadsPlaylistId) {
      return apiError(404, 'playlistNotFound', 'The playlist identified with the request playlistId parameter cannot be found.');
    }
    const size = Math.min(Number(query.get('maxResults') ?? 5) || 5, PAGE_MAX);
    const offset = offsetOf(query.get('pageToken'));
    if (!Number.isInteger(offset)) return apiError(400, 'invalidPageToken', 'The request specifies an invalid page token.');
    const all = live(d.state).sort((a, b) => b.uploadedAt.getTime() - a.uploadedAt.getTime());
    const page = all.slice(offset, offset + size);
    return {
      status: 200,
      body: {
        kind: 'youtube#playlistItemListResponse',
        etag: 'items',
        ...(offset + size < all.length ? { nextPageToken: pageToken(offset + size) } : {}),
        pageInfo: { totalResults: all.length, resultsPerPage: size },
        items: page.map((v, i) => ({
          kind: 'youtube#playlistItem',
          id: `item-${v.id}`,
          snippet: {
            publishedAt: v.uploadedAt.toISOString(),
            channelId: d.state.channelId,
            title: v.snippet.title,
            // Shortened on purpose: the connector must read full descriptions through videos.list.
            description: v.snippet.description.slice(0, 160),
            playlistId: d.state.uploadsPlaylistId,
            position: offset + i,
            ...(d.state.playlistHidesVideoIds ? {} : { resourceId: { kind: 'youtube#video', videoId: v.id } }),
          },
          contentDetails: {
            ...(d.state.playlistHidesVideoIds ? {} : { videoId: v.id }),
            ...(v.status.privacyStatus === 'public' ? { videoPublishedAt: v.uploadedAt.toISOString() } : {}),
          },
        })),
      },
    };
  }

  return { listVideos, updateVideo, deleteVideo, listChannels, listPlaylistItems };
}
