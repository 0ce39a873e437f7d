import type { Queryable } from '../../db/client.ts';
import type { DeliveryState } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import type { ChannelRef } from './channel-state.ts';
import { transitionDelivery } from './transition.ts';

export type TakedownOutcome =
  | { kind: 'removed' }
  /** The platform cannot unpublish through its API, or refused: a person removes the post by hand. */
  | { kind: 'needs_person'; code: string; reason: Messages };

/** Records what the takedown task achieved: `published → taken_down`, or a person is asked to act. */
export async function recordTakedown(
  tx: Queryable,
  actor: Actor,
  input: { deliveryId: string; channel: ChannelRef; reason: string; outcome: TakedownOutcome },
): Promise<DeliveryState | null> {
  const { deliveryId, outcome } = input;
  if (outcome.kind === 'removed') {
    const row = await transitionDelivery(tx, actor, deliveryId, ['published'], 'taken_down', { holdReason: input.reason }, { reason: input.reason });
    return row ? 'taken_down' : null;
  }
  await audit(tx, actor, { action: 'delivery.takedown_failed', entityType: 'delivery', entityId: deliveryId, data: { code: outcome.code, reason: input.reason } });
  await notifyUnitRoles(tx, input.channel.unitId, ['admin', 'editor'], {
    kind: 'takedown_manual',
    title: { vi: `Cần gỡ bài thủ công trên kênh "${input.channel.name}"`, en: `Take the post down by hand on channel "${input.channel.name}"` },
    body: { vi: `${outcome.reason.vi}. Lý do gỡ: ${input.reason}`, en: `${outcome.reason.en}. Reason for the takedown: ${input.reason}` },
    data: { deliveryId, channelId: input.channel.id, code: outcome.code },
  });
  return 'published';
}
