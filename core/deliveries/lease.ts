import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { DeliveryState } from '../../db/schema/index.ts';

/**
 * While a connector call runs — a publish, a reconcile read, a processing poll — the worker
 * running it holds a lease on the delivery (`lease_owner`, `lease_until`). These statements
 * touch no state and need no transaction; each matches only while the caller still owns the
 * lease (and the delivery is still in the state the call is for), and says so.
 */

/** States in which a worker may hold a lease: publishing (claimed), and the read-only follow-ups. */
export type LeasedState = Extract<DeliveryState, 'publishing' | 'unconfirmed' | 'processing'>;

const states = (s: readonly LeasedState[]) => `{${s.join(',')}}`;

/**
 * Takes the lease of an `unconfirmed` or `processing` delivery for a reconcile read or a poll:
 * only when no live lease is held by another worker. False: someone else is on it, or the
 * delivery has moved on.
 */
export async function takeLease(q: Queryable, deliveryId: string, state: Exclude<LeasedState, 'publishing'>, owner: string, now: Date, until: Date): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries set lease_owner = ${owner}, lease_until = ${until.toISOString()}::timestamptz
    where id = ${deliveryId} and state = ${state}
      and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz or lease_owner = ${owner})
    returning id`);
  return rows.length > 0;
}

/** Extends the lease to `until`; false when the lease is no longer ours (swept, or the delivery moved on). */
export async function renewLease(q: Queryable, deliveryId: string, owner: string, until: Date, inStates: readonly LeasedState[] = ['publishing']): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries set lease_until = ${until.toISOString()}::timestamptz
    where id = ${deliveryId} and state = any(${states(inStates)}::delivery_state[]) and lease_owner = ${owner}
    returning id`);
  return rows.length > 0;
}

/**
 * Merges a completed step's platform ids into `deliveries.progress` before the next step
 * starts, so a retry resumes instead of repeating a step that created something. A reconcile
 * that finds a step's object saves it the same way, under its own lease.
 */
export async function saveProgress(
  q: Queryable,
  deliveryId: string,
  owner: string,
  patch: Record<string, unknown>,
  inStates: readonly LeasedState[] = ['publishing'],
): Promise<boolean> {
  const rows = await q.execute(sql`
    update deliveries set progress = progress || ${JSON.stringify(patch)}::jsonb
    where id = ${deliveryId} and state = any(${states(inStates)}::delivery_state[]) and lease_owner = ${owner}
    returning id`);
  return rows.length > 0;
}
