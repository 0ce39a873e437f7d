import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/**
 * Whether a delivery whose revision was superseded still finishes its publish: yes while a
 * `held` correction waits on it (its attempt may already have reached the platform — a retry
 * after a lost answer, a step that created something), so the object lands once and is then
 * edited to the newer revision. Any other reason to stop (consent, expiry) still cancels it.
 */
export async function finishesForCorrection(q: Queryable, deliveryId: string, stopCode: string): Promise<boolean> {
  if (stopCode !== 'REVISION_NOT_APPROVED') return false;
  const rows = await q.execute(sql`select 1 from delivery_corrections where delivery_id = ${deliveryId} and state = 'held' limit 1`);
  return rows.length > 0;
}
