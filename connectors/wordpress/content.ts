import { slugify } from '../../lib/text.ts';
import type { RenderedPost } from '../contract.ts';

/**
 * The post's WordPress slug: `<item slug>-loa-<deliveryId>`. It carries the marker, is the same
 * on every attempt, and is what `reconcile` and the pre-create lookup search for. WordPress
 * keeps slugs lowercase ASCII (≤ 200 chars); this stays ≤ 80 + 5 + 36.
 */
export function wordpressSlug(post: Pick<RenderedPost, 'slug' | 'deliveryId'>): string {
  const delivery = post.deliveryId.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `${slugify(post.slug, 80)}-loa-${delivery}`;
}

/** Escapes text placed between tags (titles, excerpts, paragraphs). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** Body paragraphs (blank-line separated) as `<p>`, then hashtags, then the campaign link. */
export function wordpressContent(post: Pick<RenderedPost, 'body' | 'hashtags' | 'link'>): string {
  const blocks = post.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p).replace(/\n/g, '<br />\n')}</p>`);
  if (post.hashtags.length > 0) blocks.push(`<p>${escapeText(post.hashtags.join(' '))}</p>`);
  if (post.link) {
    blocks.push(`<p>Xem thêm tại trang Con đường hướng thiện: <a href="${escapeAttribute(post.link)}">${escapeText(post.link)}</a></p>`);
  }
  return blocks.join('\n\n');
}

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Image types a stock WordPress accepts for upload (others fail with rest_upload_sideload_error). */
export const uploadableImageTypes = Object.keys(extensionOf);

/**
 * An ASCII file name for `Content-Disposition: attachment; filename="…"`. WordPress rejects the
 * `filename*=` form and HTTP headers carry no raw Vietnamese, so the name is folded like a slug.
 */
export function uploadFileName(fileName: string, mimeType: string): string {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const rawExt = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const ext = /^[a-z0-9]{1,5}$/.test(rawExt) ? rawExt : (extensionOf[mimeType] ?? 'bin');
  return `${slugify(stem, 60)}.${ext}`;
}
