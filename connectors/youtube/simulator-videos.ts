import { randomBytes } from 'node:crypto';
import { apiError, type SimAnswer, type SimVideo, type YoutubeSimState } from './simulator-state.ts';

/** Categories YouTube assigns in most regions (videoCategories.list, assignable). */
const CATEGORIES = new Set(['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29']);
const PRIVACY = new Set(['public', 'private', 'unlisted']);

type Meta = Record<string, unknown>;
const objectOf = (v: unknown): Meta => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Meta) : {});

/** YouTube's count for snippet.tags: characters, a comma between tags, quotes around a tag with a space. */
function tagsLength(tags: string[]): number {
  return tags.reduce((n, t) => n + [...t].length + (/\s/.test(t) ? 2 : 0), 0) + Math.max(0, tags.length - 1);
}

/** The checks of videos.insert on `snippet` and `status` (platform-apis.md §2.3). */
export function checkInsertMetadata(meta: Meta): SimAnswer | null {
  const snippet = objectOf(meta.snippet);
  const status = objectOf(meta.status);
  const title = snippet.title;
  if (typeof title !== 'string' || title.trim() === '' || [...title].length > 100 || /[<>]/.test(title)) {
    return apiError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.');
  }
  const description = snippet.description ?? '';
  if (typeof description !== 'string' || Buffer.byteLength(description, 'utf8') > 5000 || /[<>]/.test(description)) {
    return apiError(400, 'invalidDescription', 'The request metadata specifies an invalid video description.');
  }
  const tags = snippet.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string') || tagsLength(tags as string[]) > 500) {
    return apiError(400, 'invalidTags', 'The request metadata specifies invalid video keywords.');
  }
  if (snippet.categoryId !== undefined && (typeof snippet.categoryId !== 'string' || !CATEGORIES.has(snippet.categoryId))) {
    return apiError(400, 'invalidCategoryId', 'The snippet.categoryId property specifies an invalid category ID.');
  }
  return checkStatus(status);
}

export function checkStatus(status: Meta): SimAnswer | null {
  if (status.privacyStatus !== undefined && !PRIVACY.has(String(status.privacyStatus))) {
    return apiError(400, 'invalidVideoMetadata', 'The request metadata is invalid.');
  }
  if (status.publishAt !== undefined) {
    const at = typeof status.publishAt === 'string' ? Date.parse(status.publishAt) : NaN;
    if (Number.isNaN(at) || status.privacyStatus !== 'private') {
      return apiError(400, 'invalidPublishAt', 'The request metadata specifies an invalid scheduled publishing time.');
    }
  }
  return null;
}

function videoId(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}

/**
 * Stores an uploaded video. `forcePrivate` models a project without the API compliance audit,
 * whose uploads were locked private (§2.3); otherwise an omitted privacy means public.
 */
export function createVideo(
  state: YoutubeSimState,
  meta: Meta,
  file: { sizeBytes: number; sha256: string; via: SimVideo['via'] },
  o: { forcePrivate: boolean; now: Date },
): SimVideo {
  const snippet = objectOf(meta.snippet);
  const status = objectOf(meta.status);
  const privacy = o.forcePrivate ? 'private' : ((status.privacyStatus as SimVideo['status']['privacyStatus'] | undefined) ?? 'public');
  const video: SimVideo = {
    id: videoId(),
    snippet: {
      title: String(snippet.title),
      description: typeof snippet.description === 'string' ? snippet.description : '',
      tags: Array.isArray(snippet.tags) ? (snippet.tags as string[]) : [],
      categoryId: typeof snippet.categoryId === 'string' ? snippet.categoryId : '22',
      ...(typeof snippet.defaultLanguage === 'string' ? { defaultLanguage: snippet.defaultLanguage } : {}),
      channelId: state.channelId,
      publishedAt: o.now.toISOString(),
    },
    status: {
      privacyStatus: privacy,
      ...(typeof status.publishAt === 'string' && privacy === 'private' ? { publishAt: new Date(status.publishAt).toISOString() } : {}),
      ...(typeof status.selfDeclaredMadeForKids === 'boolean' ? { selfDeclaredMadeForKids: status.selfDeclaredMadeForKids } : {}),
      ...(typeof status.containsSyntheticMedia === 'boolean' ? { containsSyntheticMedia: status.containsSyntheticMedia } : {}),
      embeddable: typeof status.embeddable === 'boolean' ? status.embeddable : true,
      license: status.license === 'creativeCommon' ? 'creativeCommon' : 'youtube',
      publicStatsViewable: typeof status.publicStatsViewable === 'boolean' ? status.publicStatsViewable : true,
      uploadStatus: state.nextUploadStatus ?? (state.processingMs > 0 ? 'uploaded' : 'processed'),
    },
    processesAt: state.nextUploadStatus === null && state.processingMs > 0 ? new Date(o.now.getTime() + state.processingMs) : null,
    statistics: { views: 0, likes: 0, comments: 0, favorites: 0 },
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    via: file.via,
    uploadedAt: o.now,
    deleted: false,
    thumbnail: null,
  };
  state.videos.push(video);
  return video;
}

/** The video resource with the parts asked for; counters as strings, as YouTube sends them. */
export function videoResource(v: SimVideo, parts: Set<string>): Record<string, unknown> {
  return {
    kind: 'youtube#video',
    etag: `etag-${v.id}`,
    id: v.id,
    ...(parts.has('snippet') ? { snippet: { ...v.snippet, channelTitle: 'Con đường hướng thiện' } } : {}),
    ...(parts.has('status') ? { status: { ...v.status, madeForKids: v.status.selfDeclaredMadeForKids ?? false } } : {}),
    ...(parts.has('statistics')
      ? {
          statistics: {
            viewCount: String(v.statistics.views),
            likeCount: String(v.statistics.likes),
            favoriteCount: String(v.statistics.favorites),
            commentCount: String(v.statistics.comments),
          },
        }
      : {}),
    ...(parts.has('processingDetails') ? { processingDetails: { processingStatus: v.status.uploadStatus === 'processed' ? 'succeeded' : v.status.uploadStatus === 'uploaded' ? 'processing' : 'failed' } } : {}),
  };
}

/** A `part` parameter, whether sent comma-separated or repeated (the googleapis client repeats it). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
