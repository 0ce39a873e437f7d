import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { auditLog, deliveries, type DeliveryState } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { failHeldCorrections } from '../corrections/held.ts';
import { deliveryToCheckTitle } from '../notifications/delivery-titles.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import type { ChannelRef } from './channel-state.ts';
import { enqueueReconcile } from './follow-up-jobs.ts';
import { enqueuePublish } from './jobs.ts';
import { ABSENT_READ } from './settle.ts';
import { transitionDelivery } from './transition.ts';

export type ReconcileOutcome =
  /** The platform holds the post carrying our marker. */
  | { kind: 'found'; externalId: string; url: string | null }
  /** Read after the settle time, more than once, and the marker is not there: safe to publish again. */
  | { kind: 'absent' }
  /** The uncertain step was settled (found and saved, or harmless): publish again now to finish the remaining steps. */
  | { kind: 'resume' }
  /** This read did not find the marker, but absence is not proven yet: read again at `at`. */
  | { kind: 'recheck'; attempt: number; at: Date }
  /** The lookup itself failed for now; look again at `runAt`. */
  | { kind: 'retry'; runAt: Date; code: string }
  /** Nothing automatic can settle it ("cannot tell", no lookup on this platform, lookups keep failing). */
  | { kind: 'needs_person'; code: string; reason: Messages };

/**
 * Settles an `unconfirmed` delivery by what the connector's reconcile found, and releases the
 * reconcile's lease. Returns the new state, or null when the delivery was no longer
 * `unconfirmed` (an operator settled it) or the lease is no longer `owner`'s (swept to another worker).
 */
export async function recordReconcile(
  tx: Queryable,
  actor: Actor,
  input: { deliveryId: string; owner: string; channel: ChannelRef; outcome: ReconcileOutcome; now: Date },
): Promise<DeliveryState | null> {
  const { deliveryId, outcome, now } = input;
  const [d] = await tx.select({ state: deliveries.state, leaseOwner: deliveries.leaseOwner }).from(deliveries).where(eq(deliveries.id, deliveryId)).for('update');
  if (d?.state !== 'unconfirmed' || d.leaseOwner !== input.owner) return null;
  if (outcome.kind !== 'found' && outcome.kind !== 'absent' && outcome.kind !== 'resume') {
    await tx.update(deliveries).set({ leaseOwner: null, leaseUntil: null }).where(eq(deliveries.id, deliveryId));
  }
  switch (outcome.kind) {
    case 'found': {
      const row = await transitionDelivery(
        tx,
        actor,
        deliveryId,
        ['unconfirmed'],
        'published',
        { externalId: outcome.externalId, externalUrl: outcome.url, publishedAt: now, holdReason: null, leaseUntil: null, leaseOwner: null },
        { reconciled: 'found' },
      );
      return row ? 'published' : null;
    }
    case 'absent':
    case 'resume': {
      const row = await transitionDelivery(
        tx,
        actor,
        deliveryId,
        ['unconfirmed'],
        'scheduled',
        { notBefore: null, holdReason: null, leaseUntil: null, leaseOwner: null },
        { reconciled: outcome.kind },
      );
      if (row) await enqueuePublish(tx, deliveryId, now);
      return row ? 'scheduled' : null;
    }
    case 'recheck':
      await audit(tx, actor, { action: ABSENT_READ, entityType: 'delivery', entityId: deliveryId, data: { attempt: outcome.attempt, at: now.toISOString(), recheckAt: outcome.at } });
      await enqueueReconcile(tx, deliveryId, outcome.at);
      return 'unconfirmed';
    case 'retry':
      await audit(tx, actor, { action: 'delivery.reconcile_failed', entityType: 'delivery', entityId: deliveryId, data: { code: outcome.code, retryAt: outcome.runAt } });
      await enqueueReconcile(tx, deliveryId, outcome.runAt);
      return 'unconfirmed';
    case 'needs_person':
      await tx.update(deliveries).set({ holdReason: outcome.reason.vi, updatedAt: sql`now()` }).where(eq(deliveries.id, deliveryId));
      await audit(tx, actor, { action: 'delivery.reconcile_needs_person', entityType: 'delivery', entityId: deliveryId, data: { code: outcome.code, reason: outcome.reason } });
      await notifyUnitRoles(tx, input.channel.unitId, ['admin', 'editor'], {
        kind: 'unconfirmed',
        title: deliveryToCheckTitle(input.channel.name),
        body: {
          vi: `${outcome.reason.vi}. Hãy xem trên nền tảng rồi đánh dấu: đã đăng, chưa đăng (đăng lại) hoặc thất bại.`,
          en: `${outcome.reason.en}. Look on the platform, then mark it: published, not published (publish again) or failed.`,
        },
        data: { deliveryId, channelId: input.channel.id, code: outcome.code },
      });
      await failHeldCorrections(tx, actor, { deliveryId, channel: input.channel, now });
      return 'unconfirmed';
  }
}

/** How many lookups of this delivery have failed so far (each failure is audited). */
export async function reconcileFailures(q: Queryable, deliveryId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'delivery'), eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.reconcile_failed')));
  return row?.n ?? 0;
}
