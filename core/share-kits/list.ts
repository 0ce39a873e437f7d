import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, deliveries, links, manualConfirmations } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { requireGrantRoots } from '../org/access.ts';
import { subtreeUnitIds } from '../units.ts';
import { liveLinks } from './links.ts';

export interface KitView {
  deliveryId: string;
  channelId: string;
  recipient: string;
  /** The audience the recipient usually reaches (channel member count). */
  audience: number | null;
  state: string;
  deadlineAt: Date | null;
  late: boolean;
  /** The recipient's tracked short link (the kit's text carries it): its id (QR codes) and code. */
  linkId: string | null;
  linkCode: string | null;
  secretLink: { issuedAt: Date; expiresAt: Date } | null;
  confirmation: { confirmedAt: Date; permalink: string | null; reach: number | null } | null;
}

/** An item's share kits, one per recipient, in the units where the caller manages deliveries. */
export async function listItemKits(q: Queryable, actor: Actor, itemId: string, now: Date): Promise<KitView[]> {
  const { roots } = await requireGrantRoots(q, actor, 'delivery.manage');
  const units = await subtreeUnitIds(q, roots);
  const rows = await q
    .select({
      deliveryId: deliveries.id,
      channelId: channels.id,
      recipient: channels.name,
      audience: channels.memberCount,
      state: deliveries.state,
      deadlineAt: deliveries.deadlineAt,
      late: deliveries.late,
      linkId: links.id,
      linkCode: links.code,
      confirmedAt: manualConfirmations.confirmedAt,
      permalink: manualConfirmations.permalink,
      reach: manualConfirmations.memberCount,
    })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .leftJoin(links, eq(links.deliveryId, deliveries.id))
    .leftJoin(manualConfirmations, eq(manualConfirmations.deliveryId, deliveries.id))
    .where(and(eq(deliveries.itemId, itemId), eq(channels.platform, 'share_kit'), inArray(channels.unitId, units)))
    .orderBy(channels.name);
  const live = await liveLinks(
    q,
    rows.map((r) => r.deliveryId),
    now,
  );
  return rows.map(({ confirmedAt, permalink, reach, ...r }) => ({
    ...r,
    secretLink: live.get(r.deliveryId) ?? null,
    confirmation: confirmedAt ? { confirmedAt, permalink, reach } : null,
  }));
}
