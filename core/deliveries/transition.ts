import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries, type DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { startMetricsSchedule } from '../metrics/schedule.ts';
import { assertAllowed } from './states.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryPatch = Partial<
  Pick<
    DeliveryRow,
    | 'notBefore'
    | 'holdReason'
    | 'attemptCount'
    | 'leaseUntil'
    | 'leaseOwner'
    | 'progress'
    | 'externalId'
    | 'externalUrl'
    | 'publishedAt'
    | 'late'
    | 'deadlineAt'
    | 'lastErrorKind'
    | 'lastErrorCode'
    | 'lastErrorMessage'
    | 'dueAt'
  >
>;

/**
 * The ONLY writer of `deliveries.state`: a compare-and-set UPDATE that doubles as the
 * lock, plus the audit row, in the caller's transaction. Returns null when the row was
 * not in any of `from` (another worker or user got there first): log and move on.
 */
export async function transitionDelivery(
  tx: Queryable,
  actor: Actor,
  id: string,
  from: readonly DeliveryState[],
  to: DeliveryState,
  patch: DeliveryPatch = {},
  note: Record<string, unknown> = {},
): Promise<DeliveryRow | null> {
  assertAllowed(from, to);
  // A subquery in RETURNING reads the snapshot from before this UPDATE: the old state.
  const previous = sql<DeliveryState>`(select state from deliveries where id = ${id})`;
  const [row] = await tx
    .update(deliveries)
    .set({ ...patch, state: to, updatedAt: sql`now()` })
    .where(and(eq(deliveries.id, id), inArray(deliveries.state, [...from])))
    .returning({ row: deliveries, previous: sql<DeliveryState>`${previous}` });
  if (!row) return null;
  await audit(tx, actor, {
    action: 'delivery.transition',
    entityType: 'delivery',
    entityId: id,
    data: { from: row.previous, to, ...note },
  });
  // Every road to `published` passes here: its metrics readings start in the same transaction.
  if (to === 'published') await startMetricsSchedule(tx, row.row);
  return row.row;
}
