import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/**
 * While a connector call runs, the worker that claimed the delivery holds a lease on it
 * (`lease_owner`, `lease_until`). These statements touch no state and need no
 * transaction; each matches only while the caller still owns the lease, and says so.
 */

/** Extends the lease to `until`; false when the lease is no longer ours (swept). */
export async function renewLease(q: Queryable, deliveryId: string, owner: string, until: Date): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries set lease_until = ${until.toISOString()}::timestamptz
    where id = ${deliveryId} and state = 'publishing' and lease_owner = ${owner}
    returning id`);
  return rows.length > 0;
}

/**
 * Merges a completed step's platform ids into `deliveries.progress` before the next step
 * starts, so a retry resumes instead of repeating a step that created something.
 */
export async function saveProgress(q: Queryable, deliveryId: string, owner: string, patch: Record<string, unknown>): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries set progress = progress || ${JSON.stringify(patch)}::jsonb
    where id = ${deliveryId} and state = 'publishing' and lease_owner = ${owner}
    returning id`);
  return rows.length > 0;
}
