import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels, deliveries, manualConfirmations } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import { isHttpUrl } from '../links/links.ts';

/** A recipient confirming through their secret link: nobody signed in, so no user id. */
const recipientActor: Actor = { kind: 'user', userId: null };
const MAX_REACH = 100_000_000;

/**
 * The recipient says where they shared the kit (a link, optional) and the reach they saw
 * (followers, group members or views; optional). `awaiting_officer → published`, late after
 * the deadline (`missed` included), exactly like a commune group push, so compliance and
 * reports count it as a delivery of its own platform (`share_kit`).
 */
export async function confirmKit(db: Db, deliveryId: string, input: { permalink: string; reach: string }, now: Date): Promise<{ late: boolean }> {
  const permalink = input.permalink.trim() || null;
  if (permalink && !isHttpUrl(permalink)) {
    throw invalid('PERMALINK_INVALID', '/permalink', { vi: 'Liên kết bài đã chia sẻ phải bắt đầu bằng http:// hoặc https://', en: 'The link must be an http(s) URL' });
  }
  const reachText = input.reach.replace(/[\s.,]/g, '');
  const reach = reachText ? Number(reachText) : null;
  if (reach !== null && (!Number.isInteger(reach) || reach < 0 || reach > MAX_REACH)) {
    throw invalid('REACH_INVALID', '/reach', { vi: 'Số người tiếp cận phải là một số nguyên (ví dụ 12000)', en: 'Reach must be a whole number (e.g. 12000)' });
  }
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select({ state: deliveries.state, deadlineAt: deliveries.deadlineAt, unitId: channels.unitId })
      .from(deliveries)
      .innerJoin(channels, eq(channels.id, deliveries.channelId))
      .where(eq(deliveries.id, deliveryId));
    const late = d?.state === 'missed' || (d?.deadlineAt != null && now > d.deadlineAt);
    const moved = await transitionDelivery(tx, recipientActor, deliveryId, ['awaiting_officer', 'missed'], 'published', { publishedAt: now, externalUrl: permalink, late, holdReason: null }, { late, by: 'share_kit_recipient' });
    if (!moved) throw conflict('KIT_ALREADY_CONFIRMED', { vi: 'Bộ chia sẻ này đã được xác nhận', en: 'This share kit has already been confirmed' });
    await tx.insert(manualConfirmations).values({ deliveryId, confirmedBy: null, confirmedAt: now, permalink, memberCount: reach });
    await audit(tx, recipientActor, { action: 'share_kit.confirm', entityType: 'delivery', entityId: deliveryId, unitId: d!.unitId, data: { late, permalink, reach } });
    return { late };
  });
}
