import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries, type DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import type { Messages } from '../../lib/errors.ts';
import { deliveryFailedTitle, deliveryToCheckTitle } from '../notifications/delivery-titles.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import type { ChannelRef } from './channel-state.ts';
import { enqueuePoll } from './follow-up-jobs.ts';
import { transitionDelivery } from './transition.ts';

/** What a read-only look at a `processing` delivery found (e.g. a video still encoding). */
export type PollOutcome =
  | { kind: 'published'; externalId: string; url: string | null }
  | { kind: 'processing'; handle: unknown; pollAfterMs: number }
  /** The look itself failed for now; look again at `runAt`. */
  | { kind: 'retry'; runAt: Date; code: string }
  /** The platform rejected the upload (e.g. video refused after processing). */
  | { kind: 'failed'; code: string; reason: Messages }
  /** Cannot be told automatically: a person checks and settles it. */
  | { kind: 'unconfirmed'; code: string; reason: Messages };

/**
 * Moves a `processing` delivery by what the poll found and releases the poll's lease; null
 * when it is no longer `processing` or the lease is no longer `owner`'s (swept to another worker).
 */
export async function recordPoll(
  tx: Queryable,
  actor: Actor,
  input: { deliveryId: string; owner: string; channel: ChannelRef; outcome: PollOutcome; now: Date },
): Promise<DeliveryState | null> {
  const { deliveryId, outcome, now } = input;
  const [d] = await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId)).for('update');
  if (d?.state !== 'processing' || d.leaseOwner !== input.owner) return null;
  await tx.update(deliveries).set({ leaseOwner: null, leaseUntil: null }).where(eq(deliveries.id, deliveryId));
  const from = ['processing'] as const;
  switch (outcome.kind) {
    case 'published':
      await transitionDelivery(tx, actor, deliveryId, from, 'published', { externalId: outcome.externalId, externalUrl: outcome.url, publishedAt: now });
      return 'published';
    case 'processing':
      await transitionDelivery(tx, actor, deliveryId, from, 'processing', { progress: { ...d.progress, processing: outcome.handle } });
      await enqueuePoll(tx, deliveryId, new Date(now.getTime() + outcome.pollAfterMs));
      return 'processing';
    case 'retry':
      await enqueuePoll(tx, deliveryId, outcome.runAt);
      return 'processing';
    case 'failed':
    case 'unconfirmed': {
      const failed = outcome.kind === 'failed';
      await transitionDelivery(tx, actor, deliveryId, from, outcome.kind, { lastErrorCode: outcome.code, lastErrorMessage: outcome.reason.vi }, { code: outcome.code });
      await notifyUnitRoles(tx, input.channel.unitId, ['admin', 'editor'], {
        kind: failed ? 'delivery_failed' : 'unconfirmed',
        title: failed ? deliveryFailedTitle(input.channel.name) : deliveryToCheckTitle(input.channel.name),
        body: outcome.reason,
        data: { deliveryId, channelId: input.channel.id, code: outcome.code },
      });
      return outcome.kind;
    }
  }
}
