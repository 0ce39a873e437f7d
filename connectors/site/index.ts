import { nfcLength } from '../../lib/text.ts';
import {
  absent,
  type Capabilities,
  type Connector,
  ConnectorError,
  type ExternalRef,
  type MetricSample,
  type Problem,
  type Published,
  type ReconcileResult,
  type RenderedPost,
} from '../contract.ts';
import type { SiteStore } from '../../lib/site-store.ts';

export type { SiteArticleInput, SiteArticleRef, SiteStore } from '../../lib/site-store.ts';

/** Longest title the site shows (headings, feeds, OG card). */
export const SITE_MAX_TITLE = 200;
/** Longest summary (the lead paragraph, feed summaries). */
export const SITE_MAX_SUMMARY = 500;
/**
 * Largest article body, in bytes of escaped HTML. With the page around it — title and
 * summary at their limits repeated in the meta tags, related links, styles: ≤ 14 KB — an
 * article page stays under 50 KB, light enough for a phone on a weak rural connection.
 */
export const SITE_MAX_BODY_BYTES = 36_000;
const SITE_MAX_HASHTAGS = 30;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const siteCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: 20,
  video: true,
  nativeScheduling: false,
  metrics: ['views'],
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Bài trên trang web được sửa ngay tại địa chỉ cũ (tiêu đề, nội dung, ảnh, hashtag)',
    en: 'The site article is edited at the same address (title, body, images, hashtags)',
  },
};

/**
 * The campaign's own website, published into Loa's database through the injected store.
 * There is no network call: a failure of the store (database) cannot have half-happened
 * in a way a retry would duplicate, since the store is idempotent per delivery, so store
 * failures are transient without side effect.
 *
 * No last-net scan (`findCopies`): a second copy cannot exist. `site_articles` has one row per
 * delivery (a unique index on `delivery_id`), written in a transaction that either committed
 * or left nothing, so there is nothing a later scan could find.
 */
export function createSiteConnector(deps: { store: SiteStore }): Connector {
  const { store } = deps;
  return {
    platform: 'site',
    capabilities: siteCapabilities,
    validate,
    // Our own transactional database: a write that did not commit left nothing behind.
    settleMs: 0,

    async publish(post: RenderedPost, ctx): Promise<Published> {
      const article = articleOf(checked(post), ctx.now());
      const ref = await guard(() => store.publish(article));
      ctx.log.info({ deliveryId: post.deliveryId, articleId: ref.id }, 'site.published');
      return { kind: 'published', externalId: ref.id, url: ref.url };
    },

    /** The article keeps its address; only what the newer revision says changes. */
    async update(ref: ExternalRef, post: RenderedPost, ctx): Promise<Published> {
      const article = articleOf(checked({ ...post, deliveryId: ref.deliveryId }), ctx.now());
      const revised = await guard(() => store.revise(article));
      if (!revised) {
        throw new ConnectorError({
          kind: 'permanent',
          code: 'SITE_ARTICLE_REPLACED',
          message: { vi: 'Bài trên trang web không còn là bài của lần đăng này; không sửa', en: 'The site article no longer shows this delivery; nothing edited' },
          sideEffectPossible: false,
        });
      }
      ctx.log.info({ deliveryId: ref.deliveryId, articleId: revised.id, revisionId: post.revisionId }, 'site.revised');
      return { kind: 'published', externalId: revised.id, url: revised.url };
    },

    async unpublish(ref: ExternalRef, ctx): Promise<void> {
      const hidden = await guard(() => store.takeDown(ref.externalId, ref.deliveryId, `delivery ${ref.deliveryId} taken down`));
      ctx.log.info({ deliveryId: ref.deliveryId, articleId: ref.externalId, hidden }, 'site.taken_down');
    },

    /** The store is our own transactional database: not found there means proven absent. */
    async reconcile(ref): Promise<ReconcileResult> {
      const found = await guard(() => store.findByDelivery(ref.deliveryId));
      return found ? { kind: 'published', externalId: found.id, url: found.url } : absent;
    },

    async collectMetrics(refs: ExternalRef[], ctx): Promise<MetricSample[]> {
      if (refs.length === 0) return [];
      const views = await guard(() => store.viewsByDelivery(refs.map((r) => r.deliveryId)));
      const collectedAt = ctx.now();
      return refs.map((r) => ({ deliveryId: r.deliveryId, metric: 'views', value: views.get(r.deliveryId) ?? 0, collectedAt, source: 'site' }));
    },
  };
}

/** The post, when the site can show it; else the first problem as a permanent error. */
function checked(post: RenderedPost): RenderedPost {
  const problem = validate(post)[0];
  if (problem) throw new ConnectorError({ kind: 'permanent', code: `SITE_${problem.code}`, message: problem.message, sideEffectPossible: false });
  return post;
}

function articleOf(post: RenderedPost, at: Date) {
  return {
    deliveryId: post.deliveryId,
    itemId: post.itemId,
    revisionId: post.revisionId,
    slug: post.slug,
    title: post.title,
    summary: post.summary,
    body: post.body,
    theme: post.theme,
    unitId: post.unit.id,
    unitName: post.unit.name,
    hashtags: post.hashtags,
    mediaIds: post.media.map((m) => m.id),
    publishedAt: at,
  };
}

function validate(post: RenderedPost): Problem[] {
  const problems: Problem[] = [];
  if (!post.title.trim()) {
    problems.push({ field: '/title', code: 'TITLE_REQUIRED', message: { vi: 'Bài trên trang web cần có tiêu đề', en: 'A site article needs a title' } });
  } else if (nfcLength(post.title) > SITE_MAX_TITLE) {
    problems.push({
      field: '/title',
      code: 'TEXT_TOO_LONG',
      message: { vi: `Tiêu đề dài quá ${SITE_MAX_TITLE} ký tự`, en: `Title longer than ${SITE_MAX_TITLE} characters` },
    });
  }
  if (nfcLength(post.summary) > SITE_MAX_SUMMARY) {
    problems.push({
      field: '/summary',
      code: 'TEXT_TOO_LONG',
      message: { vi: `Tóm tắt dài quá ${SITE_MAX_SUMMARY} ký tự`, en: `Summary longer than ${SITE_MAX_SUMMARY} characters` },
    });
  }
  if (post.hashtags.length > SITE_MAX_HASHTAGS) {
    problems.push({
      field: '/hashtags',
      code: 'TOO_MANY_HASHTAGS',
      message: { vi: `Tối đa ${SITE_MAX_HASHTAGS} hashtag mỗi bài`, en: `At most ${SITE_MAX_HASHTAGS} hashtags per article` },
    });
  }
  if (!post.body.trim()) {
    problems.push({ field: '/body', code: 'BODY_REQUIRED', message: { vi: 'Bài trên trang web cần có nội dung', en: 'A site article needs a body' } });
  } else if (escapedHtmlBytes(post.body) > SITE_MAX_BODY_BYTES) {
    problems.push({
      field: '/body',
      code: 'TEXT_TOO_LONG',
      message: {
        vi: 'Nội dung quá dài cho một trang (tối đa khoảng 36 KB); hãy tách thành nhiều bài',
        en: 'Body too long for one page (about 36 KB at most); split it into several articles',
      },
    });
  }
  if (!SLUG.test(post.slug) || post.slug.length > 120) {
    problems.push({
      field: '/slug',
      code: 'SLUG_INVALID',
      message: { vi: 'Đường dẫn bài viết (slug) không hợp lệ', en: 'The article slug is not valid' },
    });
  }
  const images = post.media.filter((m) => m.kind === 'image').length;
  if (images > siteCapabilities.maxImages) {
    problems.push({
      field: '/media',
      code: 'TOO_MANY_IMAGES',
      message: { vi: `Tối đa ${siteCapabilities.maxImages} ảnh mỗi bài`, en: `At most ${siteCapabilities.maxImages} images per article` },
    });
  }
  return problems;
}

/** UTF-8 size of the text once HTML-escaped (& → &amp; and so on). */
function escapedHtmlBytes(text: string): number {
  let extra = 0;
  for (const ch of text) {
    if (ch === '&') extra += 4;
    else if (ch === '<' || ch === '>') extra += 3;
    else if (ch === '"') extra += 5;
    else if (ch === "'") extra += 4;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    throw new ConnectorError({
      kind: 'transient',
      code: 'SITE_STORE_UNAVAILABLE',
      message: { vi: 'Không ghi được vào cơ sở dữ liệu của trang web; sẽ thử lại', en: 'Could not write to the site database; will retry' },
      sideEffectPossible: false,
      cause,
    });
  }
}
