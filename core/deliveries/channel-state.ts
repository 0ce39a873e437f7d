import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, deliveries } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { holdCodes, releaseHeldDeliveries } from './holds.ts';
import { enqueuePublish } from './jobs.ts';
import { transitionDelivery } from './transition.ts';

export interface ChannelRef {
  id: string;
  name: string;
  unitId: string;
}

/**
 * The platform refused the channel's credentials: the channel becomes `needs_reconnect`,
 * which holds its other deliveries at claim time, and the unit's admins and editors are
 * told once (only when the channel was connected until now).
 */
export async function markChannelNeedsReconnect(q: Queryable, actor: Actor, channel: ChannelRef, cause: { code: string; message: string }): Promise<boolean> {
  const changed = await q
    .update(channels)
    .set({ status: 'needs_reconnect', updatedAt: sql`now()` })
    .where(and(eq(channels.id, channel.id), eq(channels.status, 'connected')))
    .returning({ id: channels.id });
  if (changed.length === 0) return false;
  await audit(q, actor, {
    action: 'channel.needs_reconnect',
    entityType: 'channel',
    entityId: channel.id,
    unitId: channel.unitId,
    data: { code: cause.code, status: { old: 'connected', new: 'needs_reconnect' } },
  });
  await notifyUnitRoles(q, channel.unitId, ['admin', 'editor'], {
    kind: 'needs_reconnect',
    title: `Kênh "${channel.name}" cần kết nối lại`,
    body: `Nền tảng từ chối thông tin xác thực (${cause.code}): ${cause.message}. Các bài chờ đăng trên kênh tạm dừng cho tới khi cập nhật thông tin xác thực.`,
    data: { channelId: channel.id, code: cause.code },
  });
  return true;
}

/**
 * After the channel is usable again (credentials replaced, resumed, re-enabled): its
 * `needs_reconnect` deliveries go back to `scheduled` and every delivery held for the
 * channel is re-enqueued, all in the caller's transaction. Does nothing while the channel
 * is still paused or not connected. Call it from whatever makes the channel usable; the
 * sweep does the same within a minute for any path that forgot.
 */
export async function releaseChannelDeliveries(q: Queryable, actor: Actor, channelId: string, now: Date): Promise<number> {
  const [channel] = await q.select({ status: channels.status, paused: channels.paused }).from(channels).where(eq(channels.id, channelId));
  if (!channel || channel.status !== 'connected' || channel.paused) return 0;
  const waiting = await q
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.channelId, channelId), eq(deliveries.state, 'needs_reconnect')));
  let released = 0;
  for (const { id } of waiting) {
    const row = await transitionDelivery(q, actor, id, ['needs_reconnect'], 'scheduled', { holdReason: null, notBefore: null }, { reason: 'channel_reconnected' });
    if (row) {
      await enqueuePublish(q, id, now);
      released++;
    }
  }
  return released + (await releaseHeldDeliveries(q, actor, { codes: [holdCodes.paused, holdCodes.notConnected], channelId }));
}

/** A channel in `needs_reconnect` is connected again (e.g. its token was refreshed): releases its deliveries. */
export async function reconnectChannel(q: Queryable, actor: Actor, channel: ChannelRef, now: Date): Promise<number> {
  const changed = await q
    .update(channels)
    .set({ status: 'connected', updatedAt: sql`now()` })
    .where(and(eq(channels.id, channel.id), eq(channels.status, 'needs_reconnect')))
    .returning({ id: channels.id });
  if (changed.length > 0) {
    await audit(q, actor, {
      action: 'channel.reconnect',
      entityType: 'channel',
      entityId: channel.id,
      unitId: channel.unitId,
      data: { status: { old: 'needs_reconnect', new: 'connected' } },
    });
  }
  return releaseChannelDeliveries(q, actor, channel.id, now);
}
