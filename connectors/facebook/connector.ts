import { nfcLength } from '../../lib/text.ts';
import { ConnectorError, type Capabilities, type Connector, type MediaRef, type Problem, type PublishContext, type RenderedPost } from '../contract.ts';
import { isObject } from '../guards.ts';
import { collectFacebookMetrics } from './metrics.ts';
import { editOnPage, pageCall, publishToPage } from './publish.ts';
import { copiesOnPage, reconcileOnPage, videoState } from './reconcile.ts';
import { createUsagePace } from './usage.ts';

export interface FacebookConnectorDeps {
  /** Timeout of one upload request (a photo, one video chunk). (Default: 300 s) */
  uploadTimeoutMs?: number;
  /** Public URL of a media file, used when a channel sets `photoUpload: url`. */
  mediaUrl?: (mediaId: string) => string | null;
}

/** §1.3 documents no maximum; 63,206 is the long-standing practical cap (templates/text/limits.ts). */
const MAX_TEXT = 63_206;
const MAX_IMAGES = 10;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'];
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_VIDEO_BYTES = 10 * 1024 * 1024 * 1024;
const MIN_VIDEO_BYTES = 1024;
const VIDEO_POLL_MS = 30_000;

export const facebookCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: MAX_IMAGES,
  video: true,
  nativeScheduling: true,
  metrics: ['reactions', 'comments', 'shares', 'post_total_media_view_unique', 'post_clicks', 'total_video_views'],
  maxTextLength: MAX_TEXT,
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Sửa nội dung chữ của bài đã đăng (video: tiêu đề và mô tả); liên kết, ảnh và tệp video không sửa được nên giữ như lần đăng đầu',
    en: 'The published post\'s text is edited (video: title and description); its link, photos and video file cannot be edited and stay as first published',
  },
};
/** The Graph API may finish a feed post well after a client timeout (§1.10: retry-safe only after a read). */
const SETTLE_MS = 5 * 60_000;

const problem = (field: string, code: string, vi: string, en: string): Problem => ({ field, code, message: { vi, en } });

function mediaProblems(media: MediaRef[]): Problem[] {
  const out: Problem[] = [];
  const images = media.filter((m) => m.kind === 'image');
  const videos = media.filter((m) => m.kind === 'video');
  if (media.some((m) => m.kind === 'document')) {
    out.push(problem('/media', 'FB_DOCUMENT_UNSUPPORTED', 'Trang Facebook không đăng được tệp tài liệu; hãy đính kèm ảnh hoặc video', 'A Facebook Page post cannot carry documents; attach images or a video'));
  }
  if (videos.length > 1) out.push(problem('/media', 'FB_ONE_VIDEO', 'Mỗi bài Facebook chỉ đăng được một video', 'A Facebook post takes one video'));
  if (videos.length > 0 && images.length > 0) {
    out.push(problem('/media', 'FB_MEDIA_MIXED', 'Bài Facebook không trộn được ảnh với video; hãy tách thành hai bài', 'A Facebook post cannot mix photos and a video; split it into two posts'));
  }
  if (images.length > MAX_IMAGES) out.push(problem('/media', 'FB_TOO_MANY_IMAGES', `Tối đa ${MAX_IMAGES} ảnh mỗi bài`, `At most ${MAX_IMAGES} photos per post`));
  for (const m of images) {
    if (!IMAGE_TYPES.includes(m.mimeType)) {
      out.push(problem('/media', 'FB_IMAGE_TYPE', `Ảnh "${m.fileName}" phải là JPEG, PNG, GIF, BMP hoặc TIFF`, `Photo "${m.fileName}" must be JPEG, PNG, GIF, BMP or TIFF`));
    }
    if (m.sizeBytes > MAX_IMAGE_BYTES) out.push(problem('/media', 'FB_IMAGE_TOO_LARGE', `Ảnh "${m.fileName}" lớn hơn 10 MB`, `Photo "${m.fileName}" is over 10 MB`));
  }
  for (const m of videos) {
    if (m.mimeType !== 'video/mp4') out.push(problem('/media', 'FB_VIDEO_TYPE', `Video "${m.fileName}" phải là MP4`, `Video "${m.fileName}" must be MP4`));
    if (m.sizeBytes > MAX_VIDEO_BYTES) out.push(problem('/media', 'FB_VIDEO_TOO_LARGE', `Video "${m.fileName}" lớn hơn 10 GB`, `Video "${m.fileName}" is over 10 GB`));
    if (m.sizeBytes < MIN_VIDEO_BYTES) out.push(problem('/media', 'FB_VIDEO_TOO_SMALL', `Video "${m.fileName}" nhỏ hơn 1 KB`, `Video "${m.fileName}" is under 1 KB`));
  }
  return out;
}

/**
 * A Facebook Page over the Graph API with a Page token. Text and link posts go to /feed, one
 * photo to /photos, several photos as unpublished uploads attached to one /feed post, a video
 * through the Resumable Upload API then /videos. Every creating call carries the marker (link
 * parameter, message or description) so `reconcile` can find what an uncertain attempt left.
 */
export function createFacebookConnector(deps: FacebookConnectorDeps = {}): Connector {
  const publishDeps = { uploadTimeoutMs: deps.uploadTimeoutMs ?? 300_000, ...(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}) };
  const pace = createUsagePace();
  /** Every Graph answer tells the pace how much of the Page's allowance is used (usage.ts). */
  // Keyed by the raw setting: broken settings are reported by the call itself, as before.
  const pageOf = (ctx: PublishContext) => String(ctx.channel.settings.pageId ?? '');
  const observed = <C extends PublishContext>(ctx: C): C => pace.observed(ctx, pageOf(ctx));
  /** The same, for work that may wait: while the Page's usage is high it is deferred before any call. */
  const paced = <C extends PublishContext>(ctx: C): C => pace.paced(ctx, pageOf(ctx));
  return {
    platform: 'facebook_page',
    capabilities: facebookCapabilities,
    settleMs: SETTLE_MS,

    validate(post: RenderedPost) {
      const problems: Problem[] = [];
      if (post.text.trim() === '' && !post.link && post.media.length === 0) {
        problems.push(problem('/body', 'FB_EMPTY', 'Bài Facebook cần nội dung, liên kết hoặc ảnh/video', 'A Facebook post needs text, a link or media'));
      }
      if (nfcLength(post.text) > MAX_TEXT) {
        problems.push(problem('/body', 'FB_TEXT_TOO_LONG', `Nội dung dài hơn ${MAX_TEXT} ký tự`, `The text is longer than ${MAX_TEXT} characters`));
      }
      return [...problems, ...mediaProblems(post.media)];
    },

    publish: async (post, ctx) => publishToPage(post, paced(ctx), publishDeps),

    async checkProcessing(handle, ctx) {
      const videoId = isObject(handle) && typeof handle.videoId === 'string' ? handle.videoId : null;
      if (!videoId) {
        throw new ConnectorError({
          kind: 'permanent',
          code: 'FB_HANDLE_INVALID',
          sideEffectPossible: false,
          message: { vi: 'Không rõ video nào đang chờ Facebook xử lý (thiếu videoId)', en: 'No videoId in the processing handle; cannot tell which video Facebook is processing' },
        });
      }
      const state = await videoState(videoId, paced(ctx));
      return state.kind === 'published' ? state : { kind: 'processing', handle, pollAfterMs: VIDEO_POLL_MS };
    },

    update: async (ref, post, ctx) => editOnPage(ref, post, paced(ctx)),

    reconcile: async (ref, ctx) => reconcileOnPage(ref, paced(ctx)),

    // The duplicate scan and takedowns must not wait: they only report what they see.
    findCopies: (ref, ctx) => copiesOnPage(ref, observed(ctx)),

    /** Deletes the post or video; one already gone counts as done. */
    async unpublish(ref, ctx) {
      const { client } = pageCall(observed(ctx));
      await client.call<unknown>({
        method: 'DELETE',
        path: ref.externalId,
        action: { vi: 'gỡ bài khỏi Trang', en: 'deleting the post from the Page' },
        recover: (e) => (e.code === 100 && e.subcode === 33 ? null : undefined),
      });
    },

    async collectMetrics(refs, ctx) {
      return (await collectFacebookMetrics(refs, paced(ctx))).samples;
    },
  };
}
