import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries, type DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { auditFrom } from '../audit.ts';
import { startMetricsSchedule } from '../metrics/schedule.ts';
import { enqueueDuplicateScan } from './follow-up-jobs.ts';
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
 * lock, plus the audit row, in one statement in the caller's transaction. Returns null
 * when the row was not in any of `from` (another worker or user got there first): log
 * and move on.
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
  // One statement: the compare-and-set UPDATE, and its audit row only if it matched. A
  // subquery in RETURNING reads the snapshot from before this UPDATE: the old state.
  const moved = tx.$with('moved').as(
    tx
      .update(deliveries)
      .set({ ...patch, state: to, updatedAt: sql`now()` })
      .where(and(eq(deliveries.id, id), inArray(deliveries.state, [...from])))
      .returning({ ...getTableColumns(deliveries), previous: sql<DeliveryState>`(select state from deliveries where id = ${id})`.as('previous') }),
  );
  const logged = tx.$with('logged', {}).as(
    auditFrom(actor, 'moved', {
      action: 'delivery.transition',
      entityType: 'delivery',
      entityId: sql`moved.id::text`,
      data: sql`jsonb_build_object('from', moved.previous, 'to', ${to}::text) || ${JSON.stringify(note)}::jsonb`,
    }),
  );
  const [result] = await tx.with(moved, logged).select().from(moved);
  if (!result) return null;
  const { previous: _previous, ...row } = result;
  // Every road to `published` passes here: its metrics readings and its last-net scan for
  // second copies start in the same transaction.
  if (to === 'published') {
    await startMetricsSchedule(tx, row);
    await enqueueDuplicateScan(tx, row.id, row.publishedAt ?? new Date());
  }
  return row;
}
