import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries, type DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { auditFrom } from '../audit.ts';
import { startMetricsSchedule } from '../metrics/schedule.ts';
import { enqueueDuplicateScan } from './follow-up-jobs.ts';
import { assertAllowed } from './states.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * What follows a publish on the delivery's connector, when the caller knows it (the worker
 * that made the call): `readsMetrics` false leaves the delivery out of the metrics schedule
 * (its platform has no metrics to read); `scanAfterMs` is how long after publishing the
 * last-net scan reads, null when the connector cannot list copies (no scan). Left out, both
 * are queued and their jobs decide: the scan runs at once and moves itself to its time, the
 * channel's metrics job drops the schedule of a platform without metrics.
 */
export interface PublishFollowUps {
  readsMetrics: boolean;
  scanAfterMs: number | null;
}
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
  followUps?: PublishFollowUps,
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
    if (followUps?.readsMetrics ?? true) await startMetricsSchedule(tx, row);
    const scanAfterMs = followUps ? followUps.scanAfterMs : 0;
    if (scanAfterMs !== null) await enqueueDuplicateScan(tx, row.id, new Date((row.publishedAt ?? new Date()).getTime() + scanAfterMs));
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
