import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { quotaUsage } from '../../db/schema/index.ts';

/** One bucket's count on one quota day (the day key is the platform's: YouTube's is the Pacific date). */
export interface QuotaDayKey {
  bucketId: string;
  day: string;
}

/**
 * Takes `units` from the bucket's allowance for `day` when they fit under `limit` and the
 * platform has not declared the bucket spent; true when taken, false when nothing was taken.
 * One statement: the row lock of the upsert serialises concurrent callers on every
 * connection and process, and the condition is checked against the row they wait for, so
 * together they never take more than `limit`. Run it outside any long transaction.
 */
export async function reserveQuota(q: Queryable, key: QuotaDayKey & { units: number; limit: number }): Promise<boolean> {
  if (key.units > key.limit) return false;
  const taken = await q
    .insert(quotaUsage)
    .values({ bucketId: key.bucketId, day: key.day, used: key.units })
    .onConflictDoUpdate({
      target: [quotaUsage.bucketId, quotaUsage.day],
      set: { used: sql`${quotaUsage.used} + ${key.units}` },
      setWhere: sql`${quotaUsage.used} + ${key.units} <= ${key.limit} and not ${quotaUsage.exhausted}`,
    })
    .returning({ used: quotaUsage.used });
  return taken.length > 0;
}

/** The platform said the bucket is spent: no reservation succeeds again that day, whatever the count. */
export async function exhaustQuota(q: Queryable, key: QuotaDayKey): Promise<void> {
  await q
    .insert(quotaUsage)
    .values({ bucketId: key.bucketId, day: key.day, exhausted: true })
    .onConflictDoUpdate({ target: [quotaUsage.bucketId, quotaUsage.day], set: { exhausted: true } });
}
