import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';

/**
 * Connected channels of the given platforms whose credentials expire by `before`, soonest
 * first: the proactive refresh's work list. Channels without a known expiry are left to the
 * forced refresh that follows their first auth error.
 */
export async function channelsDueForRefresh(q: Queryable, platforms: readonly Platform[], before: Date, limit = 100): Promise<{ id: string; platform: Platform; expiresAt: Date }[]> {
  if (platforms.length === 0) return [];
  const rows = await q
    .select({ id: channels.id, platform: channels.platform, expiresAt: channels.credentialsExpiresAt })
    .from(channels)
    .where(
      and(
        eq(channels.status, 'connected'),
        inArray(channels.platform, [...platforms]),
        isNotNull(channels.credentialsSealed),
        isNotNull(channels.credentialsExpiresAt),
        lte(channels.credentialsExpiresAt, before),
      ),
    )
    .orderBy(asc(channels.credentialsExpiresAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, platform: r.platform, expiresAt: r.expiresAt! }));
}
