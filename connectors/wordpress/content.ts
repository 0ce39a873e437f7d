import { createHash } from 'node:crypto';
import { slugify } from '../../lib/text.ts';
import type { RenderedPost } from '../contract.ts';

/**
 * The delivery's marker on WordPress: `loa-` and 10 base-32 characters of SHA-256 of the
 * delivery id (50 bits: no two deliveries on one site share it in practice). Public URLs
 * carry this, not the whole delivery id; the same marker sits in the post content as an
 * HTML comment, so the post is found by either (an editor may shorten the slug).
 */
export function wordpressMarker(deliveryId: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const digest = createHash('sha256').update(deliveryId).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[Number((bits >> BigInt(51 - 5 * i)) & 31n)];
  return `loa-${out}`;
}

/** The post's slug: `<item slug>-loa-<10 chars>`, the same on every attempt (≤ 80 + 15 chars). */
export function wordpressSlug(post: Pick<RenderedPost, 'slug' | 'deliveryId'>): string {
  return `${slugify(post.slug, 80)}-${wordpressMarker(post.deliveryId)}`;
}

/** The slug of posts published before the short marker (`<item slug>-loa-<delivery id>`); still looked up. */
export function legacyWordpressSlug(post: Pick<RenderedPost, 'slug' | 'deliveryId'>): string {
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

/**
 * Body paragraphs (blank-line separated) as `<p>`; the read-more link to the campaign site only
 * when its page is live (otherwise readers would get a 404); last, the marker as an HTML comment
 * (kept by WordPress for Authors too, invisible to readers, found by `search=`; measured on 6.1.9).
 * Hashtags are not written here: they become WordPress tags.
 */
export function wordpressContent(post: Pick<RenderedPost, 'body' | 'link' | 'linkLive' | 'deliveryId'>): string {
  const blocks = post.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p).replace(/\n/g, '<br />\n')}</p>`);
  if (post.link && post.linkLive) {
    blocks.push(`<p>Xem thêm tại trang Con đường hướng thiện: <a href="${escapeAttribute(post.link)}">${escapeText(post.link)}</a></p>`);
  }
  blocks.push(`<!-- ${wordpressMarker(post.deliveryId)} -->`);
  return blocks.join('\n\n');
}

/** Hashtags as WordPress tag names: without '#', each once. */
export function hashtagTags(hashtags: string[]): string[] {
  return [...new Set(hashtags.map((h) => h.replace(/^#/, '').trim()).filter(Boolean))];
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
