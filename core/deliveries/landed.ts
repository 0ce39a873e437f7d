import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { enqueueReconcile } from './follow-up-jobs.ts';
import { transitionDelivery, type DeliveryPatch, type DeliveryRow } from './transition.ts';

/**
 * Attempt outcomes after which the request may have reached the platform: `sent` (an error
 * after sending where a retry of the same delivery is deduped, e.g. a webhook portal),
 * `unconfirmed` (a lost answer) and `abandoned` (a worker died inside the call).
 */
export const landedOutcomes = ['sent', 'unconfirmed', 'abandoned'] as const;

/**
 * Whether any attempt of the `deliveries` row `d` may have reached the platform. Such a
 * delivery, once `failed` (or `cancelled`), is not "never reached the platform": nothing
 * posts beside it, and it is not sent again, before a lookup settles it.
 */
export function mayHaveLandedSql(d: string): SQL {
  const row = sql.identifier(d);
  return sql`exists (select 1 from delivery_attempts a where a.delivery_id = ${row}.id and a.outcome = any(${`{${landedOutcomes.join(',')}}`}::text[]))`;
}

/** A person settled an unconfirmed delivery as failed without saying whether it landed. */
export const OPERATOR_FAILED = 'OPERATOR_FAILED';

export const LOOKUP_HOLD_REASON = 'Một lần gửi trước có thể đã tới nền tảng; đang đối soát trước khi đăng lại hay sửa bài';

/**
 * A `failed` delivery whose attempt may have landed is looked up before anything else
 * happens to it (a correction, a person's retry): → `unconfirmed` with a reconcile job now.
 * The reconcile decides as for any unconfirmed delivery: found → published; proven absent
 * after the settle time → scheduled; "cannot tell" → a person. Returns null when the delivery
 * was not `failed`.
 */
export async function lookUpFailed(tx: Queryable, actor: Actor, deliveryId: string, now: Date, note: Record<string, unknown>, patch: DeliveryPatch = {}): Promise<DeliveryRow | null> {
  const row = await transitionDelivery(tx, actor, deliveryId, ['failed'], 'unconfirmed', { ...patch, holdReason: LOOKUP_HOLD_REASON, leaseOwner: null, leaseUntil: null }, { ...note, lookUp: 'may_have_landed' });
  if (row) await enqueueReconcile(tx, deliveryId, now);
  return row;
}
