import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { metricSamples } from '../../db/schema/index.ts';
import { kindSums, metricKinds } from './kinds.ts';

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
  return q.transaction(async (tx) => {
    const inserted = await tx
      .insert(metricSamples)
      .values(rows.map((s) => ({ deliveryId: s.deliveryId, metric: s.metric, value: s.value, collectedAt: s.collectedAt, source: s.source })))
      .returning({ id: metricSamples.id });
    const ids = `{${inserted.map((r) => r.id).join(',')}}`;
    // Writers of the same deliveries are serialised (per-delivery advisory locks taken in a
    // fixed order), so two concurrent writers never both subtract the same old value below.
    await tx.execute(sql`
      select pg_advisory_xact_lock(hashtext('loa:metric_last:' || delivery_id::text))
      from (select distinct delivery_id from metric_samples where id = any(${ids}::bigint[]) order by delivery_id) d`);
    const weeksBefore = await weekValues(tx, ids);
    const carriesBefore = await tx.execute<Carry>(sql`
      select c.delivery_id, c.metric, c.month_end::text as month_end, c.day::text as day, c.value
      from ${touchedPairs(ids)} t, loa_carries(t.ids, t.metrics) c`);
    await tx.execute(sql`
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
    await refreshReportRollups(tx, ids);
    await refreshWeekRollups(tx, weeksBefore);
    await refreshCarries(tx, ids, carriesBefore);
    return inserted.length;
  });
}

/** Per delivery, metric and Monday-to-Sunday week the samples fall in: the value of the week's latest reading day (null: none yet). */
type WeekValue = { delivery_id: string; metric: string; week: string; value: number | null };

const weekValue = sql`
  left join lateral (
    select md.value from metric_daily md
    where md.delivery_id = t.delivery_id and md.metric = t.metric and md.day between t.week and t.week + 6
    order by md.day desc limit 1
  ) w on true`;

async function weekValues(tx: Queryable, sampleIds: string): Promise<WeekValue[]> {
  return tx.execute<WeekValue>(sql`
    with t as (
      select distinct delivery_id, metric, loa_week_of((collected_at at time zone 'Asia/Ho_Chi_Minh')::date) as week
      from metric_samples where id = any(${sampleIds}::bigint[])
    )
    select t.delivery_id, t.metric, t.week::text as week, w.value from t ${weekValue}`);
}

/**
 * The weekly trend's rollup (rollup_week_metrics): each touched week's value now minus its
 * value before these samples, added for every unit at or above the channel's owner.
 */
async function refreshWeekRollups(tx: Queryable, before: WeekValue[]): Promise<void> {
  await tx.execute(sql`
    with recursive t as (
      select * from jsonb_to_recordset(${JSON.stringify(before)}::jsonb) as b(delivery_id uuid, metric text, week date, value float8)
    ),
    leveled as (
      select t.week, t.metric, coalesce(w.value, 0) - coalesce(t.value, 0) as delta, c.unit_id, c.platform
      from t ${weekValue}
      join deliveries d on d.id = t.delivery_id
      join channels c on c.id = d.channel_id
    ),
    up(unit_id, ancestor) as (
      select distinct unit_id, unit_id from leveled
      union all
      select up.unit_id, u.parent_id from up join units u on u.id = up.ancestor where u.parent_id is not null
    )
    insert into rollup_week_metrics (unit_id, week, platform, metric, value)
    select up.ancestor, l.week, l.platform, l.metric, sum(l.delta)
    from leveled l join up on up.unit_id = l.unit_id
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (unit_id, week, platform, metric) do update set value = rollup_week_metrics.value + excluded.value`);
}

/** A month-end carry of one delivery and metric (loa_carries, migration 0020). */
type Carry = { delivery_id: string; metric: string; month_end: string; day: string; value: number };

/** The distinct deliveries and metrics of the samples, as the two arrays loa_carries takes. */
const touchedPairs = (sampleIds: string) => sql`(
  select array_agg(delivery_id) as ids, array_agg(metric) as metrics
  from (select distinct delivery_id, metric from metric_samples where id = any(${sampleIds}::bigint[])) p
)`;

/** The month-end carry rollups: the touched readings' carries now, minus those before these samples. */
async function refreshCarries(tx: Queryable, sampleIds: string, before: Carry[]): Promise<void> {
  await tx.execute(sql`
    with x as (
      select c.delivery_id, c.metric, c.month_end, c.day, c.value from ${touchedPairs(sampleIds)} t, loa_carries(t.ids, t.metrics) c
      union all
      select b.delivery_id, b.metric, b.month_end, b.day, -b.value
      from jsonb_to_recordset(${JSON.stringify(before)}::jsonb) as b(delivery_id uuid, metric text, month_end date, day date, value float8)
    )
    select loa_add_carries(array_agg(delivery_id), array_agg(metric), array_agg(month_end), array_agg(day), array_agg(value)) from x`);
}

/**
 * Keeps metric_last, deliveries' first reading day and the report rollups (db/schema/reports.ts)
 * in step with metric_daily for the deliveries just read: when a delivery's last day or last
 * value changes, its old value leaves the old day's buckets and the new one enters the new day's.
 */
async function refreshReportRollups(tx: Queryable, sampleIds: string): Promise<void> {
  await tx.execute(sql`
    with recursive touched as (
      select distinct delivery_id, metric from metric_samples where id = any(${sampleIds}::bigint[])
    ),
    fresh as (
      select distinct on (md.delivery_id, md.metric) md.delivery_id, md.metric, md.day, md.value,
        min(md.day) over (partition by md.delivery_id, md.metric) as first_day
      from metric_daily md join touched t on t.delivery_id = md.delivery_id and t.metric = md.metric
      order by md.delivery_id, md.metric, md.day desc
    ),
    prev as (
      select ml.* from metric_last ml join touched t on t.delivery_id = ml.delivery_id and t.metric = ml.metric
    ),
    saved as (
      insert into metric_last (delivery_id, metric, first_day, last_day, value)
      select delivery_id, metric, first_day, day, value from fresh
      on conflict (delivery_id, metric) do update set first_day = excluded.first_day, last_day = excluded.last_day, value = excluded.value
    ),
    changes as (
      select f.delivery_id, f.metric, f.day, f.value as delta
      from fresh f left join prev p on p.delivery_id = f.delivery_id and p.metric = f.metric
      where p.delivery_id is null or p.last_day <> f.day or p.value <> f.value
      union all
      select p.delivery_id, p.metric, p.last_day, -p.value
      from prev p join fresh f on f.delivery_id = p.delivery_id and f.metric = p.metric
      where p.last_day <> f.day or p.value <> f.value
    ),
    leveled as (
      select ch.metric, loa_metric_kind(c.platform, ch.metric) as kind, ch.delta, b.level, b.bucket, d.channel_id, d.item_id, r.theme, c.platform, c.unit_id
      from changes ch
      join deliveries d on d.id = ch.delivery_id
      join channels c on c.id = d.channel_id
      join revisions r on r.id = d.revision_id
      cross join lateral (values ('day', ch.day), ('month', date_trunc('month', ch.day)::date), ('year', date_trunc('year', ch.day)::date)) b(level, bucket)
    ),
    up(unit_id, ancestor) as (
      select distinct unit_id, unit_id from leveled
      union all
      select up.unit_id, u.parent_id from up join units u on u.id = up.ancestor where u.parent_id is not null
    ),
    by_channel as (
      insert into rollup_channel_kinds (level, bucket, channel_id, ${sql.join(metricKinds.map((k) => sql.identifier(k)), sql`, `)})
      select level, bucket, channel_id, ${kindSums(sql`delta`, sql`kind`)} from leveled where kind is not null group by 1, 2, 3
      on conflict (level, bucket, channel_id) do update set ${sql.join(
        // A kind the change has none of keeps its sum (null stays null: nothing of it read in the bucket).
        metricKinds.map((k) => sql`${sql.identifier(k)} = coalesce(rollup_channel_kinds.${sql.identifier(k)} + excluded.${sql.identifier(k)}, rollup_channel_kinds.${sql.identifier(k)}, excluded.${sql.identifier(k)})`),
        sql`, `,
      )}
    )
    insert into rollup_item_metrics (level, bucket, unit_id, item_id, theme, platform, metric, value)
    select l.level, l.bucket, up.ancestor, l.item_id, l.theme, l.platform, l.metric, sum(l.delta)
    from leveled l join up on up.unit_id = l.unit_id
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict (level, bucket, unit_id, item_id, theme, platform, metric) do update set value = rollup_item_metrics.value + excluded.value`);
  await tx.execute(sql`
    update deliveries d set first_read_day = f.first_day
    from (
      select delivery_id, min(first_day) as first_day from metric_last
      where delivery_id in (select delivery_id from metric_samples where id = any(${sampleIds}::bigint[]))
      group by delivery_id
    ) f
    where d.id = f.delivery_id and d.first_read_day is distinct from f.first_day`);
}

/**
 * One reading written directly by Loa itself (tracked link clicks, manual confirmations),
 * outside the collect_metrics job. Use metric `link_clicks` for clicks of tracked links.
 */
export async function recordMetricSample(q: Queryable, sample: MetricSampleInput): Promise<void> {
  await storeMetricSamples(q, [sample]);
}
