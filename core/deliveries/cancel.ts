import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { toUuidArray } from './jobs.ts';
import { unstartedStates } from './states.ts';
import { transitionManySql } from './transition.ts';

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
  const states = `{${unstartedStates.join(',')}}`;
  // One statement for all of them (a newer approval of an item queued for 10,000 channels cancelled them one by one,
  // three statements each): each row is locked and checked again as the one-row compare-and-set did.
  const [row] = await tx.execute<{ n: number }>(sql`
    with pending as (
      select d.id, d.state as previous from deliveries d
      where d.revision_id = any(${toUuidArray(revisionIds)}::uuid[]) and d.state = any(${states}::delivery_state[])
        ${options.keepResumable ? sql`and d.progress = '{}'::jsonb and d.state <> 'retrying'` : sql``}
      for update
    ),
    ${transitionManySql(actor, {
      source: 'pending',
      from: unstartedStates,
      to: 'cancelled',
      set: sql`hold_reason = ${reason.vi}, last_error_code = ${reason.code}`,
      note: sql`jsonb_build_object('reason', ${reason.code}::text)`,
    })}
    select count(*)::int as n from moved m, graphile_worker.remove_job('publish:' || m.id::text) removed`);
  return row!.n;
}

export async function deliveriesOfRevision(tx: Queryable, revisionId: string) {
  return tx.select().from(deliveries).where(eq(deliveries.revisionId, revisionId));
}
