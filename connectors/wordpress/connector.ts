import { deferralReason, GO_ON } from '../deferral-reason.ts';
import { absent, type Capabilities, type CheckContext, type Connector, ConnectorError, Deferral, type Json, type MetricSample, type Processing, type PublishContext, type Published, type RenderedPost } from '../contract.ts';
import { createThrottlePace } from '../throttle-pace.ts';
import { createWordpressClient, type WordpressClient, type WpPost } from './client.ts';
import { copiesOnSite } from './copies.ts';
import { escapeText, hashtagTags, legacyWordpressSlug, wordpressContent, wordpressMarker, wordpressSlug } from './content.ts';
import { featuredMedia } from './featured-media.ts';
import { published, scheduledHandle, settleScheduled } from './outcome.ts';
import { parseWordpressCredentials, parseWordpressSettings, type WordpressSettings } from './settings.ts';
import { resolveTerms } from './terms.ts';
import { validateWordpressPost } from './validate.ts';

export interface WordpressConnectorDeps {
  /** Timeout of the featured-image upload. (Default: 120 s) */
  uploadTimeoutMs?: number;
  /** Timeout of every other request. (Default: the HTTP client's, 30 s) */
  requestTimeoutMs?: number;
}

/**
 * A post due less than this far ahead is published now: WordPress publishes `future` posts
 * from WP-cron, which runs only when the site gets visits, so a short wait risks "Missed schedule".
 */
const NATIVE_SCHEDULE_MIN_LEAD_MS = 60_000;

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
 * The post carrying the delivery's marker, found by its slug (one exact read) or, when a site
 * editor changed the slug, by the marker in its content. The oldest wins if there are several.
 */
async function findByMarker(client: WordpressClient, post: Pick<RenderedPost, 'slug' | 'deliveryId'>): Promise<WpPost | null> {
  const bySlug = await client.findPostsBySlug([wordpressSlug(post), legacyWordpressSlug(post)]);
  const found = bySlug.length > 0 ? bySlug : await client.findPostsByMarker(wordpressMarker(post.deliveryId));
  return found.sort((a, b) => a.id - b.id)[0] ?? null;
}

export const wordpressCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: 1,
  video: false,
  nativeScheduling: true,
  metrics: ['comments'],
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Sửa ngay bài đã đăng (cùng mã bài, cùng địa chỉ): tiêu đề, nội dung, tóm tắt, ảnh đại diện, chuyên mục, thẻ; ảnh chỉ tải lên lại khi đã đổi',
    en: 'The published post is edited (same id, same address): title, content, excerpt, featured image, categories, tags; the image is uploaded again only if it changed',
  },
};

/**
 * A 429, or a 503 saying when to come back, is the host's or its firewall's answer for the
 * whole site (platform-apis.md §4.4, §7: host-level, with Retry-After): the channel's other
 * calls wait for that time too. Only when the host said when.
 */
const HOST_THROTTLE = {
  statuses: new Set([429, 503]),
  withoutRetryAfterMs: null,
  deferral: (until: Date) =>
    new Deferral(
      until,
      deferralReason({ vi: 'Website WordPress yêu cầu gửi chậm lại (giới hạn tần suất hoặc bảo trì)', en: 'The WordPress site asked Loa to slow down (rate limit or maintenance)' }, until, GO_ON),
      'WP_THROTTLED',
    ),
};

/** WordPress roles holding `publish_posts` out of the box. */
const PUBLISHING_ROLES = ['administrator', 'editor', 'author'];

/**
 * WordPress over REST with Application Passwords. Publishing is two steps: the featured image
 * (streamed), its id saved as `progress.wpMediaId` before the post is created, then the post
 * with the delivery's short marker in its slug and content. WordPress has no idempotency key
 * and renames a taken slug to `-2` instead of refusing, so every create is preceded by a
 * lookup of that marker. A post WordPress schedules itself (`future`) is `processing` until
 * its time, then published.
 */
export function createWordpressConnector(deps: WordpressConnectorDeps = {}): Connector {
  const pace = createThrottlePace(HOST_THROTTLE);
  /** Every answer tells the pace whether the site asked to slow down. */
  const observed = <C extends PublishContext>(ctx: C): C => pace.observed(ctx, ctx.channel.id);
  /** The same, for work that may wait: while the site throttles the channel it is deferred before any call. */
  const paced = <C extends PublishContext>(ctx: C): C => pace.paced(ctx, ctx.channel.id);

  function clientFor(ctx: CheckContext, settings = parseWordpressSettings(ctx.channel.settings)): WordpressClient {
    return createWordpressClient({
      http: ctx.http,
      settings,
      credentials: parseWordpressCredentials(ctx.credentials),
      signal: ctx.signal,
      log: ctx.log,
      now: ctx.now,
      uploadTimeoutMs: deps.uploadTimeoutMs ?? 120_000,
      requestTimeoutMs: deps.requestTimeoutMs,
    });
  }

  /** Published now, or `processing` until WordPress publishes the scheduled post. */
  function outcome(p: WpPost, ctx: PublishContext): Published | Processing {
    return p.status === 'future' ? scheduledHandle(p, ctx.now()) : published(p);
  }

  async function fields(post: RenderedPost, ctx: PublishContext, client: WordpressClient, settings: WordpressSettings, correction: boolean) {
    const featured = await featuredMedia(post, ctx, client, !correction);
    const terms = await resolveTerms(client, settings, { categories: post.categories, tags: hashtagTags(post.hashtags) });
    return {
      featured_media: featured ?? 0,
      ...(terms.categories.length > 0 ? { categories: terms.categories } : {}),
      tags: terms.tags,
    };
  }

  return {
    platform: 'wordpress',
    capabilities: wordpressCapabilities,
    // A table lock on the host (a backup's mysqldump --lock-tables) holds the create request
    // for minutes, and WordPress then inserts the post (measured: 201 after 47 s).
    settleMs: 10 * 60_000,

    /** Signs in with the Application Password and checks the user may publish posts. */
    async checkConnection(ctx) {
      const user = await clientFor(ctx).currentUser();
      if (!user.roles.some((r) => PUBLISHING_ROLES.includes(r))) {
        throw new ConnectorError({
          kind: 'auth',
          code: 'WP_ROLE_CANNOT_PUBLISH',
          sideEffectPossible: false,
          message: {
            vi: `Tài khoản "${user.name}" (vai trò: ${user.roles.join(', ') || 'không có'}) không được đăng bài; cần vai trò Author, Editor hoặc Administrator`,
            en: `The account "${user.name}" (roles: ${user.roles.join(', ') || 'none'}) may not publish; it needs Author, Editor or Administrator`,
          },
        });
      }
      return { account: `${user.name} (${user.roles.join(', ')})`, note: null };
    },

    validate: validateWordpressPost,

    async publish(post, publishCtx) {
      const ctx = paced(publishCtx);
      const settings = parseWordpressSettings(ctx.channel.settings);
      const client = clientFor(ctx, settings);
      const existing = await findByMarker(client, post);
      if (existing) {
        ctx.log.info({ postId: existing.id, slug: existing.slug }, 'WordPress post with this delivery marker already exists; not creating another');
        return outcome(existing, ctx);
      }
      const extra = await fields(post, ctx, client, settings, false);
      const created = await client.createPost({ ...postFields(post, settings, ctx.now()), slug: wordpressSlug(post), ...extra });
      return outcome(created, ctx);
    },

    async checkProcessing(handle: Json, ctx) {
      return settleScheduled(handle, ctx, clientFor(paced(ctx)));
    },

    async reconcile(ref, ctx) {
      const found = await findByMarker(clientFor(paced(ctx)), ref.post);
      return found ? published(found) : absent;
    },

    // The duplicate scan and takedowns must not wait: they only report or remove what is there.
    async findCopies(ref, ctx) {
      return copiesOnSite(clientFor(observed(ctx)), ref.post);
    },

    async update(ref, post, updateCtx) {
      const ctx = paced(updateCtx);
      const settings = parseWordpressSettings(ctx.channel.settings);
      const client = clientFor(ctx, settings);
      // The original delivery's marker stays in the content, so lookups keep finding the post.
      const content = wordpressContent({ ...post, deliveryId: ref.deliveryId });
      const extra = await fields(post, ctx, client, settings, true);
      const updated = await client.updatePost(ref.externalId, { title: escapeText(post.title), content, excerpt: escapeText(post.summary), ...extra });
      return published(updated);
    },

    async unpublish(ref, ctx) {
      await clientFor(observed(ctx)).trashPost(ref.externalId);
    },

    async collectMetrics(refs, ctx) {
      const client = clientFor(paced(ctx));
      const samples: MetricSample[] = [];
      for (const ref of refs) {
        const value = await client.countComments(ref.externalId);
        samples.push({ deliveryId: ref.deliveryId, metric: 'comments', value, collectedAt: ctx.now(), source: 'wordpress' });
      }
      return samples;
    },
  };
}
