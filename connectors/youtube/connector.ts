import { absent, type Capabilities, ConnectorError, type Connector, type Processing, type PublishContext, type Published, type RenderedPost, resume } from '../contract.ts';
import { refreshYoutubeAccessToken } from './auth.ts';
import { createYoutubeClient, type YoutubeClient, type YtVideo } from './client.ts';
import { validateYoutubePost, videoResource } from './content.ts';
import { collectYoutubeMetrics } from './metrics.ts';
import { createMemoryQuotaLedger, projectBuckets, QUOTA_COST, type QuotaBucket, type QuotaBucketKind, type QuotaLedger } from './quota.ts';
import { parseProcessingHandle, readProcessing, settledOrProcessing } from './processing.ts';
import { copiesInUploads, findDeliveryVideo } from './reconcile.ts';
import { parseYoutubeCredentials, parseYoutubeSettings, type YoutubeSettings } from './settings.ts';
import { takeDownVideo } from './takedown.ts';
import { setThumbnail, THUMBNAIL_SET_KEY, thumbnailJpeg, thumbnailSource } from './thumbnail.ts';
import { createUploadHolds } from './upload-hold.ts';
import { UPLOADED_AT_KEY, uploadVideo, VIDEO_ID_KEY } from './upload.ts';

export interface YoutubeConnectorDeps {
  /** Daily quota spent per Google Cloud project; the worker passes the one in Postgres, shared by every worker. (Default: in process memory) */
  quotaLedger?: QuotaLedger;
  /** Timeout of one upload chunk request. (Default: 10 min) */
  chunkTimeoutMs?: number;
}

function published(videoId: string): Published {
  return { kind: 'published', externalId: videoId, url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}` };
}

interface Call {
  settings: YoutubeSettings;
  client: YoutubeClient;
  /** Takes from a bucket or throws the Deferral to its reset. */
  reserve(kind: QuotaBucketKind, units: number): Promise<void>;
  /** Runs `fn`; YouTube saying a bucket is spent marks it spent in the ledger too. */
  spending<T>(kind: QuotaBucketKind, fn: () => Promise<T>): Promise<T>;
}

/**
 * YouTube Data API v3. Publishing is two saved steps: the video through Loa's own resumable
 * upload (`uploadUri` saved before the first byte, `videoId` after the last), then the
 * thumbnail (`thumbnailSet`: true, or false with `thumbnailError` when YouTube refuses it for
 * good). A retry resumes the upload where the session stands and never uploads a video
 * whose id is saved. A video the upload's answer shows still `uploaded` (§2.5) is `processing`
 * until videos.list says processed (published), or failed/rejected (a permanent failure).
 * A quota ledger defers a publish to the Pacific-midnight
 * reset instead of spending attempts on refusals.
 */
export const youtubeCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: 1,
  video: true,
  nativeScheduling: true,
  metrics: ['views', 'likes', 'comments'],
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Sửa tiêu đề, mô tả và thẻ của video đã đăng (cùng địa chỉ); tệp video và ảnh thu nhỏ không thay được nên giữ như lần đăng đầu',
    en: 'The published video\'s title, description and tags are edited (same address); the video file and thumbnail cannot be replaced and stay as first published',
  },
};

export function createYoutubeConnector(deps: YoutubeConnectorDeps = {}): Connector {
  const ledger = deps.quotaLedger ?? createMemoryQuotaLedger();
  const chunkTimeoutMs = deps.chunkTimeoutMs ?? 10 * 60_000;
  const uploadHolds = createUploadHolds();

  function open(ctx: PublishContext): Call {
    const settings = parseYoutubeSettings(ctx.channel.settings);
    const credentials = parseYoutubeCredentials(ctx.credentials);
    const buckets: Record<QuotaBucketKind, QuotaBucket> = projectBuckets(credentials.clientId, settings);
    return {
      settings,
      client: createYoutubeClient(ctx, settings, credentials),
      async reserve(kind, units) {
        const deferral = await ledger.reserve(buckets[kind], units, ctx.now());
        if (deferral) throw deferral;
      },
      async spending(kind, fn) {
        try {
          return await fn();
        } catch (err) {
          if (err instanceof ConnectorError && (err.platformCode === 'quotaExceeded' || err.platformCode === 'dailyLimitExceeded')) {
            // YouTube's refusal is the answer that matters; a ledger that cannot note it only costs a refused call later.
            await ledger
              .exhaust(buckets[kind], ctx.now())
              .catch((cause: unknown) => ctx.log.warn({ err: cause, bucket: buckets[kind].id }, 'YouTube quota ledger not updated'));
          }
          throw err;
        }
      },
    };
  }

  /** Step 2: the thumbnail, once; a post without an image (or a channel that skips them) has none. */
  async function thumbnailStep(post: RenderedPost, videoId: string, ctx: PublishContext, c: Call): Promise<boolean> {
    const source = thumbnailSource(post, c.settings);
    if (!source) return false;
    const jpeg = await thumbnailJpeg(source, c.settings.thumbnailMaxBytes);
    await c.reserve('units', QUOTA_COST.thumbnailsSet);
    await c.spending('units', () => setThumbnail(videoId, jpeg, ctx, c.client));
    return true;
  }

  return {
    platform: 'youtube_channel',
    capabilities: youtubeCapabilities,
    // A finished upload can take minutes to show in the uploads playlist.
    settleMs: 10 * 60_000,

    validate: validateYoutubePost,

    async publish(post, ctx) {
      const c = open(ctx);
      const saved = ctx.progress[VIDEO_ID_KEY];
      let videoId = typeof saved === 'string' && saved !== '' ? saved : null;
      // The upload's final answer (this attempt only): its status.uploadStatus says whether YouTube still processes the video (§2.5).
      let uploaded: YtVideo | undefined;
      if (!videoId) {
        const media = post.media.find((m) => m.kind === 'video');
        if (!media || media.sizeBytes <= 0) {
          throw new ConnectorError({
            kind: 'permanent',
            code: 'YT_VIDEO_REQUIRED',
            sideEffectPossible: false,
            message: { vi: 'Bài đăng YouTube không có tệp video (hoặc tệp rỗng)', en: 'The YouTube post has no video file (or an empty one)' },
          });
        }
        const reserveUpload = async () => {
          uploadHolds.check(ctx.channel.id, ctx.now());
          await c.reserve('uploads', QUOTA_COST.insert);
        };
        const video = await c
          .spending('uploads', () => uploadVideo(post, media, ctx, { client: c.client, settings: c.settings, chunkTimeoutMs, reserveUpload }))
          .catch((err: unknown) => {
            uploadHolds.learn(ctx.channel.id, err);
            throw err;
          });
        videoId = video.id;
        uploaded = video;
        await ctx.saveProgress({ [VIDEO_ID_KEY]: videoId, [UPLOADED_AT_KEY]: ctx.now().toISOString() });
      }
      // A video uploaded by an earlier attempt (or found by reconcile) may still be processing: read its status (1 unit).
      const savedAt = ctx.progress[UPLOADED_AT_KEY];
      const handle = { videoId, uploadedAt: typeof savedAt === 'string' ? savedAt : ctx.now().toISOString() };
      let state: Published | Processing;
      if (uploaded) {
        const settled = settledOrProcessing(uploaded, handle, ctx.now());
        if (settled instanceof ConnectorError) throw settled;
        state = settled;
      } else {
        await c.reserve('units', QUOTA_COST.list);
        state = await c.spending('units', () => readProcessing(handle, ctx, c.client));
      }
      if (ctx.progress[THUMBNAIL_SET_KEY] === undefined) {
        try {
          if (await thumbnailStep(post, videoId, ctx, c)) await ctx.saveProgress({ [THUMBNAIL_SET_KEY]: true });
        } catch (err) {
          // The video is out: a thumbnail YouTube will never take (channel not verified, bad image)
          // must not fail the delivery. Anything that may pass later is retried from the saved video.
          if (!(err instanceof ConnectorError) || err.kind !== 'permanent') throw err;
          ctx.log.warn({ deliveryId: post.deliveryId, videoId, code: err.code }, 'YouTube thumbnail refused; video published without it');
          await ctx.saveProgress({ [THUMBNAIL_SET_KEY]: false, thumbnailError: err.code });
        }
      }
      return state;
    },

    /** A video YouTube was still processing after the upload: its upload status, read again (1 unit). */
    async checkProcessing(handle, ctx) {
      const c = open(ctx);
      const h = parseProcessingHandle(handle);
      await c.reserve('units', QUOTA_COST.list);
      return c.spending('units', () => readProcessing(h, ctx, c.client));
    },

    /**
     * videos.update with part=snippet (platform-apis.md §2.3; 50 units, §2.6): the snippet is
     * replaced whole, so title, description (the marker stays in it), tags, category and
     * language are all sent. Safe to repeat.
     */
    async update(ref, post, ctx) {
      const c = open(ctx);
      const { snippet } = videoResource(post, c.settings, ctx.now()).resource;
      await c.reserve('units', QUOTA_COST.update);
      await c.spending('units', () => c.client.updateVideo(['snippet'], { id: ref.externalId, snippet }));
      return published(ref.externalId);
    },

    async reconcile(ref, ctx) {
      const c = open(ctx);
      const found = await c.spending('units', () => findDeliveryVideo(ref, ctx, { client: c.client, pages: c.settings.reconcilePages, reserveUnits: (n) => c.reserve('units', n) }));
      if (!found) return absent;
      if ('kind' in found) return found;
      // A found video may still be processing, or refused (§2.5): only a processed one is published
      // here; otherwise its id is saved and the publish resumes, which reads the status and waits.
      await c.reserve('units', QUOTA_COST.list);
      const uploadedAt = typeof ref.progress[UPLOADED_AT_KEY] === 'string' ? (ref.progress[UPLOADED_AT_KEY] as string) : ref.attemptEndedAt.toISOString();
      const state = await c
        .spending('units', () => readProcessing({ videoId: found.videoId, uploadedAt }, ctx, c.client))
        .catch((err: unknown) => (err instanceof ConnectorError && err.kind === 'permanent' ? err : Promise.reject(err)));
      if (state instanceof ConnectorError || state.kind === 'processing') {
        ctx.log.info({ deliveryId: ref.deliveryId, videoId: found.videoId, via: found.via }, 'YouTube video found by reconcile, not processed yet: publish resumes');
        await ctx.saveProgress({ [VIDEO_ID_KEY]: found.videoId, [UPLOADED_AT_KEY]: uploadedAt });
        return resume;
      }
      // The video it found may lack its thumbnail; setting one is harmless to repeat.
      if (ref.progress[THUMBNAIL_SET_KEY] === undefined) {
        await thumbnailStep(ref.post, found.videoId, ctx, c).catch((err: unknown) =>
          ctx.log.warn({ deliveryId: ref.deliveryId, code: err instanceof ConnectorError ? err.code : 'UNKNOWN' }, 'thumbnail of the reconciled YouTube video not set'),
        );
      }
      ctx.log.info({ deliveryId: ref.deliveryId, videoId: found.videoId, via: found.via }, 'YouTube video found by reconcile');
      return published(found.videoId);
    },

    async findCopies(ref, ctx) {
      const c = open(ctx);
      const ids = await c.spending('units', () => copiesInUploads(ref, { client: c.client, pages: c.settings.reconcilePages, reserveUnits: (n) => c.reserve('units', n) }));
      return ids.map((id) => ({ externalId: id, url: published(id).url }));
    },

    async unpublish(ref, ctx) {
      const c = open(ctx);
      await c.spending('units', () => takeDownVideo(ref.externalId, c.settings.takedownMode, c.client, (n) => c.reserve('units', n)));
    },

    collectMetrics: (refs, ctx) => collectYoutubeMetrics(refs, ctx, ledger),

    refreshCredentials: refreshYoutubeAccessToken,
  };
}
