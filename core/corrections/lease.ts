import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** Extends the correction's lease while its edit runs; false when it is no longer ours (swept and taken over). */
export async function renewCorrectionLease(q: Queryable, correctionId: string, owner: string, until: Date): Promise<boolean> {
  const rows = await q.execute(sql`
    update delivery_corrections set lease_until = ${until.toISOString()}::timestamptz
    where id = ${correctionId} and state = 'updating' and lease_owner = ${owner}
    returning id`);
  return rows.length > 0;
}

/**
 * A step of the edit that created something (a new featured image) is saved on the
 * delivery's `progress` before the next step, as a publish does, only while this worker
 * still holds the correction: a retry reuses it instead of uploading again.
 */
export async function saveCorrectionProgress(q: Queryable, correctionId: string, owner: string, patch: Record<string, unknown>): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries d set progress = d.progress || ${JSON.stringify(patch)}::jsonb
    from delivery_corrections c
    where c.id = ${correctionId} and c.state = 'updating' and c.lease_owner = ${owner} and d.id = c.delivery_id
    returning d.id`);
  return rows.length > 0;
}
