import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, consents, contentItems, deliveries, media, revisionConsents, revisions, units } from '../../db/schema/index.ts';
import type { DeliveryRow } from './transition.ts';

export type ChannelRow = typeof channels.$inferSelect;
export type MediaRow = typeof media.$inferSelect;

/** Everything a publish (or reconcile, poll, takedown) of one delivery reads from the database. */
export interface DeliveryContext {
  delivery: DeliveryRow;
  channel: ChannelRow;
  revision: {
    id: string;
    state: string;
    expiresAt: Date | null;
    theme: string;
    /** The rendering frozen at approval for this channel (templates/ ChannelRendering), or null. */
    rendering: Record<string, unknown> | null;
  };
  item: { id: string; slug: string };
  unit: { id: string; name: string };
  consents: { id: string; personName: string; withdrawnAt: Date | null; expiresAt: Date | null; platforms: string[] }[];
  /** The rendering's media, in its order; missing or unfinished uploads are left out. */
  media: MediaRow[];
}

/** Loads a delivery and what it needs; `lock` takes the delivery row FOR UPDATE (claim, record). */
export async function loadDeliveryContext(q: Queryable, deliveryId: string, options: { lock?: boolean } = {}): Promise<DeliveryContext | null> {
  const base = q.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  const [delivery] = options.lock ? await base.for('update') : await base;
  if (!delivery) return null;
  const [row] = await q
    .select({
      channel: channels,
      // Only this channel's frozen rendering: an approval to 10,000 channels freezes a map of
      // megabytes, and reading all of it on every claim and record made each take ~200 ms.
      revision: {
        id: revisions.id,
        state: revisions.state,
        expiresAt: revisions.expiresAt,
        theme: revisions.theme,
        mediaIds: revisions.mediaIds,
        frozen: sql<unknown>`loa_frozen_rendering(${revisions.frozenRenderings}, ${delivery.channelId}::text)`,
      },
      item: { id: contentItems.id, slug: contentItems.slug },
      unit: { id: units.id, name: units.name },
    })
    .from(channels)
    .innerJoin(revisions, eq(revisions.id, delivery.revisionId))
    .innerJoin(contentItems, eq(contentItems.id, delivery.itemId))
    .innerJoin(units, eq(units.id, contentItems.unitId))
    .where(eq(channels.id, delivery.channelId));
  if (!row) return null;
  const frozen = row.revision.frozen;
  const rendering = frozen && typeof frozen === 'object' ? (frozen as Record<string, unknown>) : null;
  const people = await q
    .select({ id: consents.id, personName: consents.personName, withdrawnAt: consents.withdrawnAt, expiresAt: consents.expiresAt, platforms: consents.platforms })
    .from(revisionConsents)
    .innerJoin(consents, eq(consents.id, revisionConsents.consentId))
    .where(eq(revisionConsents.revisionId, delivery.revisionId));
  const mediaIds = Array.isArray(rendering?.mediaIds) ? (rendering.mediaIds as string[]) : row.revision.mediaIds;
  const files = mediaIds.length ? await q.select().from(media).where(inArray(media.id, mediaIds)) : [];
  const byId = new Map(files.filter((f) => f.status === 'ready').map((f) => [f.id, f]));
  return {
    delivery,
    channel: row.channel,
    revision: { id: row.revision.id, state: row.revision.state, expiresAt: row.revision.expiresAt, theme: row.revision.theme, rendering },
    item: row.item,
    unit: row.unit,
    consents: people,
    media: mediaIds.map((id) => byId.get(id)).filter((m): m is MediaRow => m !== undefined),
  };
}
