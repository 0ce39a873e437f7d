import { CAMPAIGN_NAME } from '../../templates/text/hashtags.ts';
import { youtubeTagsLength } from '../../templates/text/limits.ts';
import type { Problem, RenderedPost } from '../contract.ts';
import type { YtVideo } from './client.ts';
import type { YoutubeSettings } from './settings.ts';

/** platform-apis.md §2.3. */
export const TITLE_MAX_CHARS = 100;
export const DESCRIPTION_MAX_BYTES = 5000;
export const TAGS_MAX_CHARS = 500;
/** A video due less than this far ahead is published on upload rather than scheduled. */
const NATIVE_SCHEDULE_MIN_LEAD_MS = 60_000;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** `s` cut to at most `max` UTF-8 bytes without splitting a character. */
function cutToBytes(s: string, max: number): string {
  let out = '';
  let size = 0;
  for (const ch of s) {
    size += bytes(ch);
    if (size > max) break;
    out += ch;
  }
  return out;
}

/**
 * The description: the rendered text, which carries the item's link with the marker
 * (templates/). When a text lost it (an override, a template bug) the marker link is put
 * back at the end, or reconcile could never find the video again.
 */
export function descriptionOf(post: RenderedPost): { description: string; markerAdded: boolean } {
  const text = post.text.normalize('NFC');
  if (text.includes(post.marker)) return { description: text, markerAdded: false };
  const tail = `\n\n${post.link?.includes(post.marker) ? post.link : post.marker}`;
  return { description: cutToBytes(text.trimEnd(), DESCRIPTION_MAX_BYTES - bytes(tail)) + tail, markerAdded: true };
}

/**
 * Keyword tags: the campaign name, then the hashtags without '#', each once, as many as fit
 * YouTube's 500-character rule (commas and the quotes of a tag with spaces count).
 */
export function youtubeTags(hashtags: readonly string[]): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const raw of [CAMPAIGN_NAME, ...hashtags.map((h) => h.replace(/^#+/, ''))]) {
    const tag = raw.normalize('NFC').replace(/[<>,]/g, '').trim();
    const key = tag.toLocaleLowerCase('vi');
    if (!tag || seen.has(key)) continue;
    if (youtubeTagsLength([...tags, tag]) > TAGS_MAX_CHARS) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

/** Whether the video goes up private with `publishAt`, YouTube making it public at that time. */
export function scheduledNatively(post: RenderedPost, settings: YoutubeSettings, now: Date): boolean {
  return settings.nativeScheduling && settings.privacyStatus === 'public' && post.publishAt.getTime() - now.getTime() >= NATIVE_SCHEDULE_MIN_LEAD_MS;
}

/** snippet and status of the video resource sent when the upload session opens. */
export function videoResource(post: RenderedPost, settings: YoutubeSettings, now: Date): { resource: YtVideo; markerAdded: boolean } {
  const { description, markerAdded } = descriptionOf(post);
  const scheduled = scheduledNatively(post, settings, now);
  return {
    markerAdded,
    resource: {
      snippet: {
        title: post.title.normalize('NFC').trim(),
        description,
        tags: youtubeTags(post.hashtags),
        categoryId: settings.categoryId,
        defaultLanguage: settings.defaultLanguage,
      },
      status: {
        // YouTube takes publishAt only on a private video that was never published.
        privacyStatus: scheduled ? 'private' : settings.privacyStatus,
        ...(scheduled ? { publishAt: post.publishAt.toISOString() } : {}),
        selfDeclaredMadeForKids: false,
        containsSyntheticMedia: settings.containsSyntheticMedia,
      },
    },
  };
}

export const THUMBNAIL_INPUT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff'];

/** YouTube's own limits, checked before approval. */
export function validateYoutubePost(post: RenderedPost): Problem[] {
  const problems: Problem[] = [];
  const title = post.title.normalize('NFC').trim();
  if (title === '') {
    problems.push({ field: '/title', code: 'YT_TITLE_REQUIRED', message: { vi: 'Video YouTube cần tiêu đề', en: 'A YouTube video needs a title' } });
  } else if ([...title].length > TITLE_MAX_CHARS) {
    problems.push({
      field: '/title',
      code: 'YT_TITLE_TOO_LONG',
      message: { vi: `Tiêu đề video YouTube tối đa ${TITLE_MAX_CHARS} ký tự`, en: `A YouTube title has at most ${TITLE_MAX_CHARS} characters` },
    });
  }
  if (/[<>]/.test(title)) {
    problems.push({ field: '/title', code: 'YT_TITLE_CHARACTERS', message: { vi: 'Tiêu đề YouTube không được chứa dấu < hoặc >', en: 'A YouTube title may not contain < or >' } });
  }
  const { description } = descriptionOf(post);
  if (bytes(description) > DESCRIPTION_MAX_BYTES) {
    problems.push({
      field: '/body',
      code: 'YT_DESCRIPTION_TOO_LONG',
      message: { vi: `Mô tả video YouTube tối đa ${DESCRIPTION_MAX_BYTES} byte (kể cả liên kết và hashtag)`, en: `A YouTube description has at most ${DESCRIPTION_MAX_BYTES} bytes (links and hashtags included)` },
    });
  }
  if (/[<>]/.test(description)) {
    problems.push({ field: '/body', code: 'YT_DESCRIPTION_CHARACTERS', message: { vi: 'Mô tả YouTube không được chứa dấu < hoặc >', en: 'A YouTube description may not contain < or >' } });
  }
  const video = post.media.find((m) => m.kind === 'video');
  if (!video) {
    problems.push({ field: '/media', code: 'YT_VIDEO_REQUIRED', message: { vi: 'Bài đăng YouTube cần một tệp video', en: 'A YouTube post needs a video file' } });
  } else if (video.sizeBytes <= 0) {
    problems.push({ field: '/media', code: 'YT_VIDEO_EMPTY', message: { vi: 'Tệp video rỗng', en: 'The video file is empty' } });
  }
  const image = post.media.find((m) => m.kind === 'image');
  if (image && !THUMBNAIL_INPUT_TYPES.includes(image.mimeType)) {
    problems.push({
      field: '/media',
      code: 'YT_THUMBNAIL_TYPE',
      message: { vi: `Ảnh thu nhỏ phải là JPEG, PNG hoặc WebP (đang là ${image.mimeType})`, en: `The thumbnail must be JPEG, PNG or WebP (got ${image.mimeType})` },
    });
  }
  return problems;
}
