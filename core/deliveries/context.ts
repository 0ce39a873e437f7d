import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { rowFromJson } from '../../db/json-row.ts';
import { channels, deliveries, media } from '../../db/schema/index.ts';
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

/** A row of `deliveryContextSql` (its `extra` columns besides). */
export type DeliveryContextRow = {
  delivery: Record<string, unknown>;
  channel: Record<string, unknown>;
  revision: { id: string; state: string; expiresAt: string | null; theme: string; mediaIds: string[]; frozen: unknown };
  item: { id: string; slug: string; liveOnSite: boolean };
  unit: { id: string; name: string };
  consents: ConsentJson[];
};

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

/** The contexts of several deliveries in one statement, plus one for their media; missing ids are left out. */
export async function loadDeliveryContexts(
  q: Queryable,
  deliveryIds: readonly string[],
  options: { lock?: boolean; revisionId?: string } = {},
): Promise<DeliveryContext[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await q.execute<DeliveryContextRow>(
    deliveryContextSql({ deliveries: sql`deliveries d`, where: sql`d.id = any(${`{${deliveryIds.join(',')}}`}::uuid[])`, ...options }),
  );
  return contextsFromRows(q, rows);
}

/**
 * The context of each delivery row of `deliveries` (a relation aliased `d` with the columns of
 * `deliveries`: the table itself, or the rows a data-modifying CTE just returned, so a batched
 * claim reads its contexts in the claiming statement) as JSON columns for `contextsFromRows`,
 * after the `extra` columns.
 */
export function deliveryContextSql(o: { deliveries: SQL; where: SQL; extra?: SQL; lock?: boolean; revisionId?: string }): SQL {
  return sql`select ${o.extra ? sql`${o.extra},` : sql``}
      to_jsonb(d) as delivery,
      to_jsonb(c) as channel,
      -- Only this channel's frozen rendering: an approval to 10,000 channels freezes a map of
      -- megabytes, and reading all of it on every claim and record made each take ~200 ms.
      json_build_object('id', v.id, 'state', v.state, 'expiresAt', v.expires_at, 'theme', v.theme, 'mediaIds', v.media_ids,
        'frozen', loa_frozen_rendering(v.frozen_renderings, d.channel_id::text, c.platform::text)) as revision,
      json_build_object('id', i.id, 'slug', i.slug,
        'liveOnSite', exists(select 1 from site_articles sa where sa.item_id = i.id and sa.taken_down_at is null)) as item,
      json_build_object('id', u.id, 'name', u.name) as unit,
      coalesce((
        select json_agg(json_build_object('id', k.id, 'personName', k.person_name, 'withdrawnAt', k.withdrawn_at, 'expiresAt', k.expires_at, 'platforms', k.platforms))
        from revision_consents rc join consents k on k.id = rc.consent_id
        where rc.revision_id = v.id), '[]'::json) as consents
    from ${o.deliveries}
    join channels c on c.id = d.channel_id
    join revisions v on v.id = ${o.revisionId ? sql`${o.revisionId}::uuid` : sql`d.revision_id`}
    join content_items i on i.id = d.item_id
    join units u on u.id = i.unit_id
    where ${o.where}
    ${o.lock ? sql`for update of d` : sql``}`;
}

/** The contexts of `deliveryContextSql` rows, in their order, with their media read in one more statement. */
export async function contextsFromRows(q: Queryable, rows: readonly DeliveryContextRow[]): Promise<DeliveryContext[]> {
  const withMedia = rows.map((row) => {
    const frozen = row.revision.frozen;
    const rendering = frozen && typeof frozen === 'object' ? (frozen as Record<string, unknown>) : null;
    const mediaIds = Array.isArray(rendering?.mediaIds) ? (rendering.mediaIds as string[]) : row.revision.mediaIds;
    return { row, rendering, mediaIds };
  });
  const allMediaIds = [...new Set(withMedia.flatMap((r) => r.mediaIds))];
  const files = allMediaIds.length ? await q.select().from(media).where(inArray(media.id, allMediaIds)) : [];
  const byId = new Map(files.filter((f) => f.status === 'ready').map((f) => [f.id, f]));
  const date = (v: string | null) => (v ? new Date(v) : null);
  return withMedia.map(({ row, rendering, mediaIds }) => ({
    delivery: rowFromJson(deliveries, row.delivery),
    channel: rowFromJson(channels, row.channel),
    revision: { id: row.revision.id, state: row.revision.state, expiresAt: date(row.revision.expiresAt), theme: row.revision.theme, rendering },
    item: row.item,
    unit: row.unit,
    consents: row.consents.map((c) => ({ ...c, withdrawnAt: date(c.withdrawnAt), expiresAt: date(c.expiresAt) })),
    media: mediaIds.map((id) => byId.get(id)).filter((m): m is MediaRow => m !== undefined),
  }));
}
