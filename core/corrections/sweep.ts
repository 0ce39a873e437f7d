import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { enqueueCorrection } from './jobs.ts';

/**
 * A worker killed while editing a post leaves its correction `updating` with a lease that
 * runs out (graphile-worker would keep the job locked for 4 hours). Each such correction
 * gets a fresh job now; its claim takes the expired lease over. Editing is safe to repeat.
 */
export async function sweepCorrections(q: Queryable, now: Date): Promise<number> {
  const rows = await q.execute<{ id: string }>(sql`
    select id from delivery_corrections where state = 'updating' and lease_until < ${now.toISOString()}::timestamptz`);
  for (const r of rows) await enqueueCorrection(q, r.id, now);
  return rows.length;
}
