import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { storeMetricSamples } from '../metrics/store.ts';

/** Adds one click to the link's count for `day` (YYYY-MM-DD, Asia/Ho_Chi_Minh). Nothing about the visitor is stored. */
export async function countClick(q: Queryable, linkId: string, day: string): Promise<void> {
  await q.execute(sql`
    insert into link_clicks (link_id, day, clicks) values (${linkId}, ${day}::date, 1)
    on conflict (link_id, day) do update set clicks = link_clicks.clicks + 1`);
}

/** The metric name core/metrics counts as `clicks` (ANY_PLATFORM_METRIC_KINDS). */
export const CLICKS_METRIC = 'link_clicks';
export const CLICKS_SOURCE = 'links';

/**
 * Clicks become metric samples: for every delivery whose links' total differs from its
 * latest `link_clicks` sample, one new sample with the total (a running count, like the
 * platforms' counters), stored through core/metrics so the daily rollups follow. Run on a
 * schedule, so a link clicked a thousand times in a minute adds one sample, not a thousand.
 * Only deliveries clicked since yesterday (Vietnam days) are looked at: a click always
 * lands on today's row, so older totals cannot have moved. Returns the samples added.
 */
export async function recordClickSamples(q: Queryable, now: Date): Promise<number> {
  const changed = await q.execute<{ delivery_id: string; total: number }>(sql`
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
    )
    select t.delivery_id, t.total from totals t left join latest l on l.delivery_id = t.delivery_id
    where l.value is distinct from t.total`);
  return storeMetricSamples(
    q,
    changed.map((r) => ({ deliveryId: r.delivery_id, metric: CLICKS_METRIC, value: Number(r.total), collectedAt: now, source: CLICKS_SOURCE })),
  );
}
