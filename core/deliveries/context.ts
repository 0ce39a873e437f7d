import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, consents, contentItems, deliveries, media, revisionConsents, revisions, siteArticles, units } from '../../db/schema/index.ts';
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
  /** `liveOnSite`: the item's article on the campaign site is published and not taken down (its link answers). */
  item: { id: string; slug: string; liveOnSite: boolean };
  unit: { id: string; name: string };
  consents: { id: string; personName: string; withdrawnAt: Date | null; expiresAt: Date | null; platforms: string[] }[];
  /** The rendering's media, in its order; missing or unfinished uploads are left out. */
  media: MediaRow[];
}

/** One consent as the context query aggregates it (JSON: timestamps arrive as text). */
interface ConsentJson {
  id: string;
  personName: string;
  withdrawnAt: string | null;
  expiresAt: string | null;
  platforms: string[];
}

/**
 * Loads a delivery and what it needs in one statement (it runs twice per publish, so every
 * round trip counts); `lock` takes the delivery row FOR UPDATE (claim, record). `revisionId`
 * reads another revision of the item in place of the delivery's own (a correction shows a
 * newer revision on the delivery's published object).
 */
export async function loadDeliveryContext(q: Queryable, deliveryId: string, options: { lock?: boolean; revisionId?: string } = {}): Promise<DeliveryContext | null> {
  const [context] = await loadDeliveryContexts(q, [deliveryId], options);
  return context ?? null;
}

/** The contexts of several deliveries (a batched claim) in one statement, plus one for their media; missing ids are left out. */
export async function loadDeliveryContexts(
  q: Queryable,
  deliveryIds: readonly string[],
  options: { lock?: boolean; revisionId?: string } = {},
): Promise<DeliveryContext[]> {
  if (deliveryIds.length === 0) return [];
  const query = q
    .select({
      delivery: deliveries,
      channel: channels,
      revision: {
        id: revisions.id,
        state: revisions.state,
        expiresAt: revisions.expiresAt,
        theme: revisions.theme,
        mediaIds: revisions.mediaIds,
        // Only this channel's frozen rendering: an approval to 10,000 channels freezes a map of
        // megabytes, and reading all of it on every claim and record made each take ~200 ms.
        frozen: sql<unknown>`loa_frozen_rendering(${revisions.frozenRenderings}, ${deliveries.channelId}::text)`,
      },
      item: {
        id: contentItems.id,
        slug: contentItems.slug,
        liveOnSite: sql<boolean>`exists(select 1 from ${siteArticles} sa where sa.item_id = ${contentItems.id} and sa.taken_down_at is null)`,
      },
      unit: { id: units.id, name: units.name },
      consents: sql<ConsentJson[]>`coalesce((
        select json_agg(json_build_object('id', c.id, 'personName', c.person_name, 'withdrawnAt', c.withdrawn_at, 'expiresAt', c.expires_at, 'platforms', c.platforms))
        from ${revisionConsents} rc join ${consents} c on c.id = rc.consent_id
        where rc.revision_id = ${revisions.id}), '[]'::json)`,
    })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .innerJoin(revisions, eq(revisions.id, options.revisionId ?? deliveries.revisionId))
    .innerJoin(contentItems, eq(contentItems.id, deliveries.itemId))
    .innerJoin(units, eq(units.id, contentItems.unitId))
    .where(deliveryIds.length === 1 ? eq(deliveries.id, deliveryIds[0]!) : inArray(deliveries.id, [...deliveryIds]));
  const rows = options.lock ? await query.for('update', { of: deliveries }) : await query;
  const withMedia = rows.map((row) => {
    const frozen = row.revision.frozen;
    const rendering = frozen && typeof frozen === 'object' ? (frozen as Record<string, unknown>) : null;
    const mediaIds = Array.isArray(rendering?.mediaIds) ? (rendering.mediaIds as string[]) : row.revision.mediaIds;
    return { row, rendering, mediaIds };
  });
  const allMediaIds = [...new Set(withMedia.flatMap((r) => r.mediaIds))];
  const files = allMediaIds.length ? await q.select().from(media).where(inArray(media.id, allMediaIds)) : [];
  const byId = new Map(files.filter((f) => f.status === 'ready').map((f) => [f.id, f]));
  return withMedia.map(({ row, rendering, mediaIds }) => ({
    delivery: row.delivery,
    channel: row.channel,
    revision: { id: row.revision.id, state: row.revision.state, expiresAt: row.revision.expiresAt, theme: row.revision.theme, rendering },
    item: row.item,
    unit: row.unit,
    consents: row.consents.map((c) => ({
      ...c,
      withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt) : null,
      expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
    })),
    media: mediaIds.map((id) => byId.get(id)).filter((m): m is MediaRow => m !== undefined),
  }));
}
