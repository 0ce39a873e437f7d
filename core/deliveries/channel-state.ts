import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, deliveries, type Role } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Messages } from '../../lib/errors.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { holdCodes, releaseHeldDeliveries } from './holds.ts';
import { enqueuePublish } from './jobs.ts';
import { transitionDelivery } from './transition.ts';

export interface ChannelRef {
  id: string;
  name: string;
  unitId: string;
}

/** The reference a record keeps of a channel (for its notices), from the channel's row. */
export function channelRef(channel: ChannelRef): ChannelRef {
  return { id: channel.id, name: channel.name, unitId: channel.unitId };
}

export interface NeedsReconnectNotice {
  code: string;
  /** Why the channel needs a person, recorded in the audit row beside the code (absent: the platform refused the credentials). */
  reason?: string;
  /** Who is told: every holder of one of these roles on the channel's unit or above. */
  roles: readonly Role[];
  /** The notification's body: what happened and what to do. */
  body: Messages;
  data: Record<string, unknown>;
}

/**
 * The channel's credentials cannot be used any more (the platform refused them, or a token
 * refresh cannot go on): the channel becomes `needs_reconnect`, which holds its other
 * deliveries at claim time, and `notice.roles` of its unit are told once (only when the
 * channel was connected until now). Returns whether it changed the channel.
 */
export async function markChannelNeedsReconnect(q: Queryable, actor: Actor, channel: ChannelRef, notice: NeedsReconnectNotice): Promise<boolean> {
  const changed = await q
    .update(channels)
    .set({ status: 'needs_reconnect', reconnectReason: notice.body, updatedAt: sql`now()` })
    .where(and(eq(channels.id, channel.id), eq(channels.status, 'connected')))
    .returning({ id: channels.id });
  if (changed.length === 0) return false;
  await audit(q, actor, {
    action: 'channel.needs_reconnect',
    entityType: 'channel',
    entityId: channel.id,
    unitId: channel.unitId,
    data: { code: notice.code, ...(notice.reason === undefined ? {} : { reason: notice.reason }), status: { old: 'connected', new: 'needs_reconnect' } },
  });
  await notifyUnitRoles(q, channel.unitId, notice.roles, {
    kind: 'needs_reconnect',
    title: { vi: `Kênh "${channel.name}" cần kết nối lại`, en: `Channel "${channel.name}" needs reconnecting` },
    body: notice.body,
    data: notice.data,
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
