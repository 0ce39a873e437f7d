import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contentItems, revisions } from '../../db/schema/index.ts';
import { systemActor, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { cancelUnstartedDeliveries } from '../deliveries/cancel.ts';
import { cancelReasons } from './cancel-reasons.ts';

/**
 * Lapses every approval whose `expires_at` has passed: the revision becomes `expired`,
 * the item has no approved revision any more, and its deliveries that have not started
 * are cancelled with the reason EXPIRED. Run periodically (a cron task); idempotent.
 * Returns the number of revisions expired.
 */
export async function expireApprovals(tx: Queryable, now: Date, actor: Actor = systemActor): Promise<number> {
  const expired = await tx
    .update(revisions)
    .set({ state: 'expired' })
    .where(and(eq(revisions.state, 'approved'), lte(revisions.expiresAt, now)))
    .returning({ id: revisions.id, itemId: revisions.itemId, number: revisions.number });
  if (expired.length === 0) return 0;
  const ids = expired.map((r) => r.id);
  await tx.update(contentItems).set({ approvedRevisionId: null }).where(inArray(contentItems.approvedRevisionId, ids));
  for (const r of expired) {
    const cancelled = await cancelUnstartedDeliveries(tx, actor, [r.id], cancelReasons.expired);
    await audit(tx, actor, {
      action: 'content.expire',
      entityType: 'content_item',
      entityId: r.itemId,
      data: { revisionId: r.id, revision: r.number, deliveriesCancelled: cancelled },
    });
  }
  return expired.length;
}
