import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** Adds one click to the link's count for `day` (YYYY-MM-DD, Asia/Ho_Chi_Minh). Nothing about the visitor is stored. */
export async function countClick(q: Queryable, linkId: string, day: string): Promise<void> {
  await q.execute(sql`
    insert into link_clicks (link_id, day, clicks) values (${linkId}, ${day}::date, 1)
    on conflict (link_id, day) do update set clicks = link_clicks.clicks + 1`);
}

export const CLICKS_METRIC = 'clicks';
export const CLICKS_SOURCE = 'loa short links';

/**
 * Clicks become metric samples: for every delivery whose links' total differs from its
 * latest `clicks` sample, one new sample with the total (a running count, like the
 * platforms' counters). One set-based statement; run on a schedule, so a link clicked a
 * thousand times in a minute adds one sample, not a thousand. Only deliveries clicked
 * since yesterday (Vietnam days) are looked at: a click always lands on today's row, so
 * older totals cannot have moved. Returns the samples added.
 */
export async function recordClickSamples(q: Queryable, now: Date): Promise<number> {
  const rows = await q.execute<{ n: number }>(sql`
    with recent as (
      select distinct l.delivery_id
      from link_clicks c join links l on l.id = c.link_id
      where c.day >= (${now.toISOString()}::timestamptz at time zone 'Asia/Ho_Chi_Minh')::date - 1
        and l.delivery_id is not null
    ), totals as (
      select l.delivery_id, sum(c.clicks)::float8 as total
      from links l join link_clicks c on c.link_id = l.id
      where l.delivery_id in (select delivery_id from recent)
      group by l.delivery_id
    ), latest as (
      select distinct on (s.delivery_id) s.delivery_id, s.value
      from metric_samples s join totals t on t.delivery_id = s.delivery_id
      where s.metric = ${CLICKS_METRIC}
      order by s.delivery_id, s.collected_at desc, s.id desc
    ), added as (
      insert into metric_samples (delivery_id, metric, value, collected_at, source)
      select t.delivery_id, ${CLICKS_METRIC}, t.total, ${now.toISOString()}::timestamptz, ${CLICKS_SOURCE}
      from totals t left join latest l on l.delivery_id = t.delivery_id
      where l.value is distinct from t.total
      returning 1
    )
    select count(*)::int as n from added`);
  return rows[0]?.n ?? 0;
}
