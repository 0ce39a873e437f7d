import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Period } from '../metrics/figures.ts';
import { vnDayStart } from '../metrics/period.ts';
import { OFFICER_PLATFORMS } from '../manual/settings.ts';

/** How many of the scope's communes received one item in their Zalo groups. */
export interface ItemCoverage {
  itemId: string;
  covered: number;
}

export interface CoverageRows {
  /** Units of kind `commune` in the scope; one with no group is never covered. */
  communes: { unitId: string; name: string; itemsReceived: number }[];
  items: ItemCoverage[];
}

const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Commune coverage: for every item the scope's channels were due to carry in the period, the
 * communes (units of kind commune, with the units below them) at least one of whose groups
 * got it pushed (published or later taken down); and per commune how many items it received.
 */
export async function coverageRows(q: Queryable, subtree: readonly string[], period: Period): Promise<CoverageRows> {
  const start = vnDayStart(period.from).toISOString();
  const end = new Date(vnDayStart(period.to).getTime() + 86_400_000).toISOString();
  const due = sql`d.due_at >= ${start}::timestamptz and d.due_at < ${end}::timestamptz and d.state <> 'cancelled'`;
  // Commune groups only: share kits go to people, not communes.
  const manual = sql`c.platform::text = any(${`{${OFFICER_PLATFORMS.join(',')}}`}::text[])`;
  const rows = await q.execute<{ kind: 'commune' | 'item'; id: string; name: string | null; n: number }>(sql`
    with recursive commune_of(id, commune) as (
      select id, id from units where kind = 'commune' and id = any(${uuids(subtree)})
      union all
      select u.id, co.commune from units u join commune_of co on u.parent_id = co.id where u.kind <> 'commune'
    ),
    items as (
      select distinct d.item_id from deliveries d join channels c on c.id = d.channel_id
      where ${due} and c.unit_id = any(${uuids(subtree)})
    ),
    received as (
      select distinct d.item_id, co.commune
      from deliveries d join channels c on c.id = d.channel_id join commune_of co on co.id = c.unit_id
      where ${due} and ${manual} and d.state in ('published', 'taken_down')
    )
    select 'item' as kind, i.item_id as id, null as name, count(r.commune)::int as n
    from items i left join received r on r.item_id = i.item_id group by i.item_id
    union all
    select 'commune', u.id, u.name, count(r.item_id)::int
    from units u left join received r on r.commune = u.id
    where u.kind = 'commune' and u.id = any(${uuids(subtree)})
    group by u.id, u.name`);
  return {
    communes: rows.filter((r) => r.kind === 'commune').map((r) => ({ unitId: r.id, name: r.name ?? '', itemsReceived: r.n })),
    items: rows.filter((r) => r.kind === 'item').map((r) => ({ itemId: r.id, covered: r.n })),
  };
}
