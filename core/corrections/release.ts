import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { enqueueCorrection } from './jobs.ts';

/**
 * Corrections waiting on a hold (the freeze, a paused or disconnected channel) keep the hold's
 * code in `last_error_code`, as held deliveries do. Whatever lifts the hold releases them with
 * the deliveries (core/deliveries/holds.ts): a job now, so the edit follows the release instead
 * of the claim's recheck minutes later.
 */
export async function releaseHeldCorrections(q: Queryable, filter: { codes: readonly string[]; channelId?: string }, now: Date): Promise<number> {
  const channelFilter = filter.channelId ? sql`and d.channel_id = ${filter.channelId}` : sql``;
  const rows = await q.execute<{ id: string }>(sql`
    update delivery_corrections c set run_at = ${now.toISOString()}::timestamptz, last_error_code = null
    from deliveries d
    where d.id = c.delivery_id and c.state = 'pending'
      and c.last_error_code in (${sql.join(filter.codes.map((code) => sql`${code}`), sql`, `)}) ${channelFilter}
    returning c.id`);
  for (const r of rows) await enqueueCorrection(q, r.id, now);
  return rows.length;
}
