import { and, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries } from '../../db/schema/index.ts';

/**
 * Where a tracked link may lead (issue #11, finding 11): a short link on the official
 * domain that leads anywhere is an open redirect. A target is either the item's own
 * approved content — its campaign-site page or the URL of one of its published
 * deliveries — or a page on a host the admin allow-listed (`LOA_LINK_TARGET_HOSTS`;
 * LOA_PUBLIC_URL's host is always on it).
 */
export function onAllowedHost(url: string, allowedHosts: readonly string[]): boolean {
  try {
    return allowedHosts.includes(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** The platform URLs of the item's published deliveries (a Facebook post, a YouTube video…). */
export async function publishedUrlsOfItem(q: Queryable, itemId: string): Promise<string[]> {
  const rows = await q
    .select({ url: deliveries.externalUrl })
    .from(deliveries)
    .where(and(eq(deliveries.itemId, itemId), eq(deliveries.state, 'published'), isNotNull(deliveries.externalUrl)));
  return rows.map((r) => r.url!);
}

/**
 * Whether `/l/<code>` may still send a visitor to this link's stored target. A commune
 * group's link (it has a delivery) was made by Loa from the approved revision; any other
 * link's target must be on an allowed host today or be one of its item's published
 * delivery URLs (carrying the link's own `ref` marker) — so a target stored before the
 * rule, or whose host was later removed from the list, is not followed.
 */
export async function mayRedirect(
  q: Queryable,
  link: { code: string; targetUrl: string; itemId: string | null; deliveryId: string | null },
  allowedHosts: readonly string[],
): Promise<boolean> {
  if (link.deliveryId) return true;
  if (onAllowedHost(link.targetUrl, allowedHosts)) return true;
  if (!link.itemId) return false;
  const published = await publishedUrlsOfItem(q, link.itemId);
  return published.some((url) => url === link.targetUrl || withRef(url, `link:${link.code}`) === link.targetUrl);
}

/** `url` with `ref=<ref>` added (kept when the URL already carries a `ref`). */
export function withRef(url: string, ref: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('ref')) u.searchParams.set('ref', ref);
  return u.toString();
}
