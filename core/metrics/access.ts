import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, contentItems } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { actingUserId, assertAllowedOnUnit } from '../org/access.ts';
import { allows } from '../policy.ts';
import { membershipsOf, subtreeUnitIds, unitAncestry } from '../units.ts';
import { deliveryForStats } from './readings.ts';

/**
 * Who may read figures (`report.read`): a delivery's on the unit owning its channel or the
 * unit owning its item; an item's on the item's unit; a channel's on the channel's unit; a
 * unit's (its channels' subtree) on the unit. Missing → 404, not allowed → 403.
 */
export async function readableDelivery(q: Queryable, actor: Actor, id: string) {
  const row = await deliveryForStats(q, id);
  if (!row) throw notFound({ vi: 'lượt đăng', en: 'Delivery' }, '/id');
  const grants = await membershipsOf(q, actingUserId(actor));
  for (const unitId of [row.channelUnitId, row.itemUnitId]) {
    if (allows(grants, 'report.read', await unitAncestry(q, unitId))) return row;
  }
  throw forbidden();
}

export async function readableItem(q: Queryable, actor: Actor, id: string): Promise<{ id: string; unitId: string }> {
  const [row] = await q.select({ id: contentItems.id, unitId: contentItems.unitId }).from(contentItems).where(eq(contentItems.id, id));
  if (!row) throw notFound({ vi: 'bài', en: 'Content item' }, '/id');
  await assertAllowedOnUnit(q, actor, 'report.read', row.unitId);
  return row;
}

export async function readableChannel(q: Queryable, actor: Actor, id: string) {
  const [row] = await q.select({ id: channels.id, unitId: channels.unitId, name: channels.name, platform: channels.platform }).from(channels).where(eq(channels.id, id));
  if (!row) throw notFound({ vi: 'kênh', en: 'Channel' }, '/id');
  await assertAllowedOnUnit(q, actor, 'report.read', row.unitId);
  return row;
}

/** The unit's subtree, whose channels a unit report covers. */
export async function readableUnitSubtree(q: Queryable, actor: Actor, unitId: string): Promise<string[]> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/id');
  return subtreeUnitIds(q, [unitId]);
}
