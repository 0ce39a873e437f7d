import { slugify } from '../../lib/text.ts';
import { ConnectorError, type ExternalRef, type MediaRef, type Processing, type PublishContext, type Published, type RenderedPost } from '../contract.ts';
import { createGraphClient, missingField, type GraphClient } from './client.ts';
import { isObject, str } from '../guards.ts';
import { multipartBody } from './multipart.ts';
import { parseFacebookCredentials, parseFacebookSettings, type FacebookCredentials, type FacebookSettings } from './settings.ts';
import { uploadVideo } from './upload.ts';

/** Progress key of a multi-photo post: ids of the photos uploaded unpublished, in order. */
export const PHOTO_IDS_KEY = 'photoIds';
/** Progress key: Graph already failed once to fetch this post's link (1609005). */
export const LINK_SCRAPE_FAILED_KEY = 'linkScrapeFailed';

/**
 * Facebook accepts `scheduled_publish_time` from 10 minutes ahead; one more minute covers the
 * time the request takes, so a post due sooner is published at once.
 */
const NATIVE_SCHEDULE_MIN_LEAD_MS = 11 * 60_000;
/** A video is processed after upload; its state is read again after this. */
const VIDEO_POLL_AFTER_MS = 30_000;

export interface PublishDeps {
  /** Timeout of one upload request (a photo, a video chunk). */
  uploadTimeoutMs: number;
  /** Public URL of a media file, for `photoUpload: url`. */
  mediaUrl?: (mediaId: string) => string | null;
}

export interface PageCall {
  client: GraphClient;
  settings: FacebookSettings;
  credentials: FacebookCredentials;
}

export function pageCall(ctx: PublishContext): PageCall {
  const settings = parseFacebookSettings(ctx.channel.settings);
  const credentials = parseFacebookCredentials(ctx.credentials);
  const client = createGraphClient({
    http: ctx.http,
    location: settings,
    token: credentials.pageAccessToken,
    appSecret: credentials.appSecret,
    signal: ctx.signal,
    log: ctx.log,
    now: ctx.now,
  });
  return { client, settings, credentials };
}

/** `published=false` + `scheduled_publish_time` when Facebook should hold the post until it is due. */
export function schedulingFields(publishAt: Date, now: Date, s: FacebookSettings): Record<string, string> {
  const lead = publishAt.getTime() - now.getTime();
  if (!s.nativeScheduling || lead < NATIVE_SCHEDULE_MIN_LEAD_MS || lead > s.maxScheduleLeadDays * 86_400_000) return {};
  return { published: 'false', scheduled_publish_time: String(Math.floor(publishAt.getTime() / 1000)) };
}

/**
 * The message of the post. The marker must ride along for `reconcile`: in the link parameter
 * (text posts), or in the text's "read more" line (photo and video posts); when neither
 * carries it, it is appended as the last line.
 */
export function messageOf(post: RenderedPost, linkParam: string | null): string {
  const text = post.text.trim();
  if (text.includes(post.marker) || (linkParam?.includes(post.marker) ?? false)) return text;
  return text === '' ? post.marker : `${text}\n\n${post.marker}`;
}

const messageField = (message: string): Record<string, string> => (message === '' ? {} : { message });

export function postUrl(s: FacebookSettings, id: string): string {
  return `${s.webBaseUrl}/${id}`;
}

function photoFileName(m: MediaRef): string {
  const ext = m.fileName.match(/\.([A-Za-z0-9]{1,5})$/)?.[1]?.toLowerCase() ?? m.mimeType.split('/')[1] ?? 'jpg';
  return `${slugify(m.fileName.replace(/\.[^.]+$/, ''), 60)}.${ext}`;
}

/** POST /{page}/photos with the bytes streamed (or the public URL), plus `fields`. */
async function postPhoto(m: MediaRef, fields: Record<string, string>, p: PageCall, deps: PublishDeps, creating: boolean): Promise<unknown> {
  const action = creating ? { vi: 'đăng ảnh', en: 'posting the photo' } : { vi: 'tải ảnh lên', en: 'uploading a photo' };
  const url = p.settings.photoUpload === 'url' ? deps.mediaUrl?.(m.id) : null;
  const base = { method: 'POST' as const, path: `${p.settings.pageId}/photos`, action, creating, timeoutMs: deps.uploadTimeoutMs };
  if (url) return p.client.call<unknown>({ ...base, form: { ...fields, url } });
  const body = multipartBody(fields, { field: 'source', fileName: photoFileName(m), mimeType: m.mimeType, sizeBytes: m.sizeBytes, open: () => m.open() });
  return p.client.call<unknown>({ ...base, host: 'upload', body });
}

/**
 * Graph's 1609005 "error posting link" (it could not scrape the link) is permanent after one
 * retry (platform-apis.md §7): the first is transient, remembered in the delivery's progress.
 */
async function retryLinkScrapeOnce(err: unknown, ctx: PublishContext): Promise<never> {
  if (!(err instanceof ConnectorError) || err.code !== 'FB_1609005' || ctx.progress[LINK_SCRAPE_FAILED_KEY] === true) throw err;
  await ctx.saveProgress({ [LINK_SCRAPE_FAILED_KEY]: true });
  throw new ConnectorError({
    kind: 'transient',
    code: err.code,
    sideEffectPossible: false,
    platformCode: err.platformCode,
    excerpt: err.excerpt,
    cause: err,
    message: {
      vi: 'Facebook chưa đọc được đường liên kết của bài (trang đích lỗi hoặc chặn trình thu thập của Facebook); Loa sẽ thử lại một lần, nếu vẫn lỗi hãy kiểm tra liên kết',
      en: "Facebook could not fetch the post link (the page failed or blocks Facebook's crawler); Loa will retry once, then check the link",
    },
  });
}

async function textPost(post: RenderedPost, ctx: PublishContext, p: PageCall, schedule: Record<string, string>): Promise<Published> {
  const action = { vi: 'đăng bài lên Trang', en: 'creating the Page post' };
  const link = post.link;
  const answer = await p.client
    .call<unknown>({
      method: 'POST',
      path: `${p.settings.pageId}/feed`,
      form: { ...messageField(messageOf(post, link)), ...(link ? { link } : {}), ...schedule },
      action,
      creating: true,
    })
    .catch((err: unknown) => retryLinkScrapeOnce(err, ctx));
  const id = str(answer, 'id');
  if (!id) throw missingField('id', action, true);
  return { kind: 'published', externalId: id, url: postUrl(p.settings, id) };
}

async function singlePhoto(post: RenderedPost, image: MediaRef, p: PageCall, deps: PublishDeps, schedule: Record<string, string>): Promise<Published> {
  const answer = await postPhoto(image, { message: messageOf(post, null), ...schedule }, p, deps, true);
  // post_id is the feed story (reactions, takedown); a scheduled photo may only have its own id.
  const id = str(answer, 'post_id') ?? str(answer, 'id');
  if (!id) throw missingField('id', { vi: 'đăng ảnh', en: 'posting the photo' }, true);
  return { kind: 'published', externalId: id, url: postUrl(p.settings, id) };
}

/**
 * Photos uploaded unpublished one by one, each id saved before the next upload, then one feed
 * post attaching them. A retry reuses the saved ids and never uploads those photos again.
 */
async function multiPhoto(post: RenderedPost, images: MediaRef[], ctx: PublishContext, p: PageCall, deps: PublishDeps, schedule: Record<string, string>): Promise<Published> {
  const saved = ctx.progress[PHOTO_IDS_KEY];
  const ids = Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string') : [];
  for (const image of images.slice(ids.length)) {
    // Scheduled multi-photo posts need `temporary` photos (platform-apis.md §1.4, UNVERIFIED).
    const fields = { published: 'false', ...(schedule.scheduled_publish_time ? { temporary: 'true' } : {}) };
    const answer = await postPhoto(image, fields, p, deps, false);
    const id = str(answer, 'id');
    if (!id) throw missingField('id', { vi: 'tải ảnh lên', en: 'uploading a photo' }, false);
    ids.push(id);
    await ctx.saveProgress({ [PHOTO_IDS_KEY]: [...ids] });
  }
  const action = { vi: 'đăng bài nhiều ảnh lên Trang', en: 'creating the multi-photo post' };
  const attached = Object.fromEntries(ids.map((id, i) => [`attached_media[${i}]`, JSON.stringify({ media_fbid: id })]));
  const answer = await p.client.call<unknown>({
    method: 'POST',
    path: `${p.settings.pageId}/feed`,
    form: { message: messageOf(post, null), ...attached, ...schedule },
    action,
    creating: true,
  });
  const id = str(answer, 'id');
  if (!id) throw missingField('id', action, true);
  return { kind: 'published', externalId: id, url: postUrl(p.settings, id) };
}

async function video(post: RenderedPost, file: MediaRef, ctx: PublishContext, p: PageCall, deps: PublishDeps, schedule: Record<string, string>): Promise<Processing> {
  const handle = await uploadVideo(file, ctx, { ...p, chunkTimeoutMs: deps.uploadTimeoutMs });
  const action = { vi: 'đăng video lên Trang', en: 'publishing the video on the Page' };
  const answer = await p.client.call<unknown>({
    method: 'POST',
    path: `${p.settings.pageId}/videos`,
    form: { fbuploader_video_file_chunk: handle, title: post.title, description: messageOf(post, null), ...schedule },
    action,
    creating: true,
  });
  const id = str(answer, 'id');
  if (!id) throw missingField('id', action, true);
  return { kind: 'processing', handle: { videoId: id }, pollAfterMs: VIDEO_POLL_AFTER_MS };
}

/** Publishes by the post's media: a video, several photos, one photo, or text with its link. */
export async function publishToPage(post: RenderedPost, ctx: PublishContext, deps: PublishDeps): Promise<Published | Processing> {
  const p = pageCall(ctx);
  const schedule = schedulingFields(post.publishAt, ctx.now(), p.settings);
  const file = post.media.find((m) => m.kind === 'video');
  if (file) return video(post, file, ctx, p, deps, schedule);
  const images = post.media.filter((m) => m.kind === 'image');
  if (images.length > 1) return multiPhoto(post, images, ctx, p, deps, schedule);
  if (images.length === 1) return singlePhoto(post, images[0]!, p, deps, schedule);
  return textPost(post, ctx, p, schedule);
}

/**
 * A correction: Graph edits a Page post's `message` in place (`POST /{post-id}`) and a
 * video's `title`/`description` (`POST /{video-id}`); both answer `{"success": true}`. What
 * the post was created with otherwise — its link, photos, the video file — cannot be edited,
 * so those stay as first published (the channel says so before approval). Safe to repeat.
 */
export async function editOnPage(ref: ExternalRef, post: RenderedPost, ctx: PublishContext): Promise<Published> {
  const p = pageCall(ctx);
  // Video posts are known by the video's own id; feed stories by `{page-id}_{post-id}`.
  const isVideo = !ref.externalId.includes('_') && post.media.some((m) => m.kind === 'video');
  const action = { vi: 'sửa bài trên Trang', en: 'editing the Page post' };
  const form: Record<string, string> = isVideo ? { title: post.title, description: messageOf(post, null) } : { message: messageOf(post, post.media.length === 0 ? post.link : null) };
  const answer = await p.client.call<unknown>({ method: 'POST', path: ref.externalId, form, action });
  if (!isObject(answer) || answer.success !== true) throw missingField('success', action, false);
  return { kind: 'published', externalId: ref.externalId, url: ref.url ?? postUrl(p.settings, ref.externalId) };
}
