import { absent, type Connector, type MetricSample, type Problem, type PublishContext, type Published, type RenderedPost } from '../contract.ts';
import { createWordpressClient, type WordpressClient, type WpPost } from './client.ts';
import { escapeText, uploadableImageTypes, uploadFileName, wordpressContent, wordpressSlug } from './content.ts';
import { parseWordpressCredentials, parseWordpressSettings, type WordpressSettings } from './settings.ts';
import { resolveTerms } from './terms.ts';

export interface WordpressConnectorDeps {
  /** Timeout of the featured-image upload. (Default: 120 s) */
  uploadTimeoutMs?: number;
}

/**
 * A post due less than this far ahead is published now: WordPress publishes `future` posts
 * from WP-cron, which runs only when the site gets visits, so a short wait risks "Missed schedule".
 */
const NATIVE_SCHEDULE_MIN_LEAD_MS = 60_000;

function published(p: WpPost): Published {
  return { kind: 'published', externalId: String(p.id), url: p.link || null };
}

function postFields(post: RenderedPost, s: WordpressSettings, now: Date): Record<string, unknown> {
  const future = s.status === 'publish' && s.nativeScheduling && post.publishAt.getTime() - now.getTime() >= NATIVE_SCHEDULE_MIN_LEAD_MS;
  return {
    title: escapeText(post.title),
    content: wordpressContent(post),
    excerpt: escapeText(post.summary),
    status: future ? 'future' : s.status,
    ...(future ? { date_gmt: post.publishAt.toISOString().slice(0, 19) } : {}),
  };
}

/**
 * WordPress over REST with Application Passwords. Publishing is two steps: the featured image
 * (streamed), its id saved as `progress.wpMediaId` before the post is created, then the post
 * with a slug carrying the marker. WordPress has no idempotency key and renames a taken slug
 * to `-2` instead of refusing, so every create is preceded by a lookup of that slug.
 */
export function createWordpressConnector(deps: WordpressConnectorDeps = {}): Connector {
  function clientFor(ctx: PublishContext, settings: WordpressSettings): WordpressClient {
    return createWordpressClient({
      http: ctx.http,
      settings,
      credentials: parseWordpressCredentials(ctx.credentials),
      signal: ctx.signal,
      log: ctx.log,
      now: ctx.now,
      uploadTimeoutMs: deps.uploadTimeoutMs ?? 120_000,
    });
  }

  /** Step (a): uploads the first image once; a retry reuses the saved id. */
  async function featuredMedia(post: RenderedPost, ctx: PublishContext, client: WordpressClient): Promise<number | undefined> {
    const saved = ctx.progress.wpMediaId;
    if (typeof saved === 'number' && Number.isInteger(saved)) return saved;
    const image = post.media.find((m) => m.kind === 'image');
    if (!image) return undefined;
    const body = image.open();
    try {
      const media = await client.uploadMedia(body, {
        fileName: uploadFileName(image.fileName, image.mimeType),
        mimeType: image.mimeType,
        sizeBytes: image.sizeBytes,
        altText: image.altText ?? null,
      });
      await ctx.saveProgress({ wpMediaId: media.id });
      return media.id;
    } finally {
      body.destroy();
    }
  }

  return {
    platform: 'wordpress',
    capabilities: { text: true, link: true, maxImages: 1, video: false, nativeScheduling: true, metrics: ['comments'], corrections: 'correction_post' },
    // A table lock on the host (a backup's mysqldump) can hold the first request for minutes.
    settleMs: 10 * 60_000,

    validate(post) {
      const problems: Problem[] = [];
      if (post.title.trim() === '') {
        problems.push({ field: '/title', code: 'WP_TITLE_REQUIRED', message: { vi: 'Bài đăng WordPress cần tiêu đề', en: 'A WordPress post needs a title' } });
      }
      if (post.body.trim() === '') {
        problems.push({ field: '/body', code: 'WP_BODY_REQUIRED', message: { vi: 'Bài đăng WordPress cần nội dung', en: 'A WordPress post needs a body' } });
      }
      const image = post.media.find((m) => m.kind === 'image');
      if (image && !uploadableImageTypes.includes(image.mimeType)) {
        problems.push({
          field: '/media',
          code: 'WP_IMAGE_TYPE',
          message: {
            vi: `Ảnh đại diện cho WordPress phải là JPEG, PNG, GIF hoặc WebP (đang là ${image.mimeType})`,
            en: `The WordPress featured image must be JPEG, PNG, GIF or WebP (got ${image.mimeType})`,
          },
        });
      }
      return problems;
    },

    async publish(post, ctx) {
      const settings = parseWordpressSettings(ctx.channel.settings);
      const client = clientFor(ctx, settings);
      const slug = wordpressSlug(post);
      const [existing] = await client.findPostsBySlug(slug);
      if (existing) {
        ctx.log.info({ postId: existing.id, slug }, 'WordPress post with this delivery marker already exists; not creating another');
        return published(existing);
      }
      const featured = await featuredMedia(post, ctx, client);
      const terms = await resolveTerms(client, settings);
      const created = await client.createPost({
        ...postFields(post, settings, ctx.now()),
        slug,
        ...(featured !== undefined ? { featured_media: featured } : {}),
        ...(terms.categories.length > 0 ? { categories: terms.categories } : {}),
        ...(terms.tags.length > 0 ? { tags: terms.tags } : {}),
      });
      return published(created);
    },

    async reconcile(ref, ctx) {
      const client = clientFor(ctx, parseWordpressSettings(ctx.channel.settings));
      const [found] = await client.findPostsBySlug(wordpressSlug(ref.post));
      return found ? published(found) : absent;
    },

    async unpublish(ref, ctx) {
      await clientFor(ctx, parseWordpressSettings(ctx.channel.settings)).trashPost(ref.externalId);
    },

    async collectMetrics(refs, ctx) {
      const client = clientFor(ctx, parseWordpressSettings(ctx.channel.settings));
      const samples: MetricSample[] = [];
      for (const ref of refs) {
        const value = await client.countComments(ref.externalId);
        samples.push({ deliveryId: ref.deliveryId, metric: 'comments', value, collectedAt: ctx.now(), source: 'wordpress' });
      }
      return samples;
    },
  };
}
