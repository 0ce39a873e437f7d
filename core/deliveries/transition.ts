import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
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

/**
 * The same compare-and-set and audit row for many deliveries in one statement (a batched
 * claim or record): the CTEs `moved` and `logged`, to put in a `with` list. `source` names a
 * CTE with one row per delivery: `id`, and `previous`, the state it must still be in (the
 * lock). `set` assigns the other columns (SQL over `d`, the delivery, and `src`, the source
 * row); `note` is the jsonb merged into each audit row's data (SQL over `moved`); `where`, a
 * further condition checked under the row lock. `moved` returns the delivery's columns and `previous`.
 */
export function transitionManySql(
  actor: Actor,
  o: { source: string; from: readonly DeliveryState[]; to: DeliveryState; set: SQL; note: SQL; where?: SQL },
): SQL {
  assertAllowed(o.from, o.to);
  const src = sql.identifier(o.source);
  return sql`moved as (
      update deliveries d set state = ${o.to}, updated_at = now(), ${o.set}
      from ${src} src
      where d.id = src.id and d.state = src.previous and d.state = any(${`{${o.from.join(',')}}`}::delivery_state[]) and ${o.where ?? sql`true`}
      returning d.*, src.previous
    ),
    logged as (
      ${auditFrom(actor, 'moved', {
        action: 'delivery.transition',
        entityType: 'delivery',
        entityId: sql`moved.id::text`,
        data: sql`jsonb_build_object('from', moved.previous, 'to', ${o.to}::text) || ${o.note}`,
      })}
    )`;
}
