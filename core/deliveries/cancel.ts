import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { removePublishJob } from './jobs.ts';
import { unstartedStates } from './states.ts';
import { transitionDelivery } from './transition.ts';

/**
 * Cancels a revision's deliveries that have not started (a newer approval, an expired
 * approval, a withdrawn consent, a user's cancel). Deliveries already publishing or
 * published are left alone: what reached a platform needs a takedown, not a cancel.
 * `keepResumable` (a newer approval): also leaves those waiting to retry (the last attempt may
 * have been stored where the platform dedupes a repeat) or to resume after a step that created
 * something on the platform — a correction waits for them instead (core/corrections/in-flight.ts);
 * the rows are locked, so a claim racing this cancel is seen as publishing afterwards.
 */
export async function cancelUnstartedDeliveries(
  tx: Queryable,
  actor: Actor,
  revisionIds: readonly string[],
  reason: { code: string; vi: string; en: string },
  options: { keepResumable?: boolean } = {},
): Promise<number> {
  if (revisionIds.length === 0) return 0;
  const query = tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.revisionId, [...revisionIds]),
        inArray(deliveries.state, [...unstartedStates]),
        options.keepResumable ? sql`${deliveries.progress} = '{}'::jsonb and ${deliveries.state} <> 'retrying'` : undefined,
      ),
    );
  const pending = options.keepResumable ? await query.for('update') : await query;
  let cancelled = 0;
  for (const { id } of pending) {
    const row = await transitionDelivery(tx, actor, id, unstartedStates, 'cancelled', { holdReason: reason.vi, lastErrorCode: reason.code }, { reason: reason.code });
    if (row) {
      await removePublishJob(tx, id);
      cancelled++;
    }
  }
  return cancelled;
}

export async function deliveriesOfRevision(tx: Queryable, revisionId: string) {
  return tx.select().from(deliveries).where(eq(deliveries.revisionId, revisionId));
}
