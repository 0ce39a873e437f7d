import type { ExternalCopy, RenderedPost } from '../contract.ts';
import type { WordpressClient } from './client.ts';
import { legacyWordpressSlug, wordpressMarker, wordpressSlug } from './content.ts';

/**
 * The last-net scan on WordPress: every live post (published, scheduled, draft, pending,
 * private) carrying the delivery's marker, read both ways and always both: by its slug, and by
 * the marker's HTML comment in the content (a second create gets the slug renamed `-2`, and an
 * editor may have shortened the first one's, so neither lookup alone sees every copy).
 */
export async function copiesOnSite(client: WordpressClient, post: Pick<RenderedPost, 'slug' | 'deliveryId'>): Promise<ExternalCopy[]> {
  const bySlug = await client.findPostsBySlug([wordpressSlug(post), legacyWordpressSlug(post)]);
  const byMarker = await client.findPostsByMarker(wordpressMarker(post.deliveryId));
  const posts = new Map([...bySlug, ...byMarker].map((p) => [p.id, p]));
  return [...posts.values()].sort((a, b) => a.id - b.id).map((p) => ({ externalId: String(p.id), url: p.link || null }));
}
