import { sql, type SQL } from 'drizzle-orm';
import type { DeliveryState } from '../../db/schema/enums.ts';

/**
 * A call is running, the platform is still processing, nobody knows yet whether the post
 * landed, or a retry is due after a transient error — which, where the platform dedupes a
 * repeated request (webhook-id), may follow a request that was stored.
 */
const unsettledStates: readonly DeliveryState[] = ['publishing', 'processing', 'unconfirmed', 'retrying'];
/** Waiting to start again; "in flight" only once a step of it created something (saved in `progress`). */
const resumableStates: readonly DeliveryState[] = ['scheduled', 'needs_reconnect'];

/**
 * Whether an object of this delivery may exist on the platform while it is not (yet)
 * `published`: an approval must not cancel such a delivery nor post the newer revision beside
 * it — a correction waits (`held`) until it settles. One rule, as a predicate (the claim of a
 * held correction) and as SQL over a `deliveries` row (the approval's plan, the sweep).
 */
export function mayBeOnPlatform(d: { state: DeliveryState; progress: Record<string, unknown> }): boolean {
  return unsettledStates.includes(d.state) || (resumableStates.includes(d.state) && Object.keys(d.progress).length > 0);
}

export function mayBeOnPlatformSql(d: string): SQL {
  const row = sql.identifier(d);
  return sql`(${row}.state = any(${`{${unsettledStates.join(',')}}`}::delivery_state[])
    or (${row}.state = any(${`{${resumableStates.join(',')}}`}::delivery_state[]) and ${row}.progress <> '{}'::jsonb))`;
}
