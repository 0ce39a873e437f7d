import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { metricSamples } from '../../db/schema/index.ts';

/** One reading of one metric of one delivery. */
export interface MetricSampleInput {
  deliveryId: string;
  /** Platform name as collected; what it counts as is core/metrics/kinds.ts. */
  metric: string;
  value: number;
  collectedAt: Date;
  /** API and version that produced it, e.g. "graph v24.0", "site", "links". */
  source: string;
}

/**
 * Stores readings and refreshes the daily rollups they fall in (Vietnam days, the value of
 * the day's latest reading, whatever order readings arrive in). Values that are not finite
 * numbers are left out. Returns how many samples were stored.
 */
export async function storeMetricSamples(q: Queryable, samples: readonly MetricSampleInput[]): Promise<number> {
  const rows = samples.filter((s) => Number.isFinite(s.value));
  if (rows.length === 0) return 0;
  const inserted = await q
    .insert(metricSamples)
    .values(rows.map((s) => ({ deliveryId: s.deliveryId, metric: s.metric, value: s.value, collectedAt: s.collectedAt, source: s.source })))
    .returning({ id: metricSamples.id });
  const ids = `{${inserted.map((r) => r.id).join(',')}}`;
  await q.execute(sql`
    with touched as (
      select distinct delivery_id, metric, (collected_at at time zone 'Asia/Ho_Chi_Minh')::date as day
      from metric_samples where id = any(${ids}::bigint[])
    )
    insert into metric_daily (delivery_id, metric, day, value)
    select distinct on (s.delivery_id, s.metric, t.day) s.delivery_id, s.metric, t.day, s.value
    from touched t
    join metric_samples s on s.delivery_id = t.delivery_id and s.metric = t.metric
      and s.collected_at >= (t.day::timestamp at time zone 'Asia/Ho_Chi_Minh')
      and s.collected_at < ((t.day + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
    order by s.delivery_id, s.metric, t.day, s.collected_at desc, s.id desc
    on conflict (delivery_id, metric, day) do update set value = excluded.value`);
  return inserted.length;
}

/**
 * One reading written directly by Loa itself (tracked link clicks, manual confirmations),
 * outside the collect_metrics job. Use metric `link_clicks` for clicks of tracked links.
 */
export async function recordMetricSample(q: Queryable, sample: MetricSampleInput): Promise<void> {
  await storeMetricSamples(q, [sample]);
}
