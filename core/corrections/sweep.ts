import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { mayBeOnPlatformSql } from './in-flight.ts';
import { enqueueCorrection } from './jobs.ts';

/**
 * A worker killed while editing a post leaves its correction `updating` with a lease that
 * runs out (graphile-worker would keep the job locked for 4 hours). Each such correction
 * gets a fresh job now; its claim takes the expired lease over. Editing is safe to repeat.
 * A net under the wake-up trigger too: a `held` correction whose delivery has settled (its
 * job was lost, say) gets a job now.
 */
export async function sweepCorrections(q: Queryable, now: Date): Promise<number> {
  const rows = await q.execute<{ id: string }>(sql`
    select id from delivery_corrections where state = 'updating' and lease_until < ${now.toISOString()}::timestamptz
    union all
    select c.id from delivery_corrections c join deliveries d on d.id = c.delivery_id
    where c.state = 'held' and not ${mayBeOnPlatformSql('d')}`);
  for (const r of rows) await enqueueCorrection(q, r.id, now);
  return rows.length;
}
