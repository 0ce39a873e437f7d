import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Theme } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { COUNTED_METRICS, kindOf, metricKinds, type MetricKind } from '../metrics/kinds.ts';
import { bucketsOf } from './period.ts';
import { inUnits } from './in-units.ts';

/** A figure of one channel in the period (summed over its deliveries), by kind. */
export interface ChannelFigure {
  channelId: string;
  platform: Platform;
  unitId: string;
  kind: MetricKind;
  value: number;
}

/** A figure of one item (one theme, one platform) in the period, by kind. */
export interface ItemFigure {
  itemId: string;
  theme: Theme;
  platform: Platform;
  kind: MetricKind;
  value: number;
}

export interface ScopeFigureRows {
  channels: ChannelFigure[];
  items: ItemFigure[];
}

/** Only metrics that count as a kind are read: breakdowns such as reactions by type are kept in the samples, never added. */
// Written as a filter the planner cannot turn into an index condition: every rollup's key ends with the metric, and
// PostgreSQL 15 scans a key range once per element of `metric = any(…)` there (a province-year's channel rollup: 11
// passes, 6,056 buffers and 53 ms, against one pass, 842 buffers and 6 ms as a filter).
export const counted = (column: SQL) => sql`(${column} = any(${`{${COUNTED_METRICS.join(',')}}`}::text[])) is true`;

/** The rollup rows (alias `r`) of the buckets that exactly cover the period. */
export function bucketFilter(period: Period): SQL {
  const byLevel = { day: [] as string[], month: [] as string[], year: [] as string[] };
  for (const b of bucketsOf(period)) byLevel[b.level].push(b.bucket);
  const parts = (Object.keys(byLevel) as (keyof typeof byLevel)[])
    .filter((level) => byLevel[level].length > 0)
    .map((level) => sql`(r.level = ${level} and r.bucket = any(${`{${byLevel[level].join(',')}}`}::date[]))`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

type SpanningRow = { channel_id: string | null; unit_id: string | null; item_id: string | null; theme: Theme | null; platform: Platform; metric: string; value: number };

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const endsAtMonthEnd = (period: Period) => nextDay(period.to).endsWith('-01');
/** Whether the carries hold the period's spanning readings per item (by month, so from a month's start to a month's end). */
export const carriedByMonth = (period: Period) => endsAtMonthEnd(period) && period.from.endsWith('-01');

/** A condition keeping a column of unit ids to a report's subtree: inUnits over its ids, or a subquery of them. */
export type InSubtree = (column: SQL) => SQL;

/** The readings spanning the period's end (aliases ml, d, c, rv, x), looked up one by one in metric_daily. */
function spanningFrom(inSubtree: InSubtree, period: Period): SQL {
  return sql`from metric_last ml
    join deliveries d on d.id = ml.delivery_id
    join channels c on c.id = d.channel_id
    join revisions rv on rv.id = d.revision_id
    cross join lateral (
      select md.value from metric_daily md
      where md.delivery_id = ml.delivery_id and md.metric = ml.metric and md.day between ${period.from}::date and ${period.to}::date
      order by md.day desc limit 1
    ) x
    where daterange(ml.first_day, ml.last_day, '[]') @> ${period.to}::date and ml.last_day > ${period.to}::date
      and ${counted(sql`ml.metric`)} and ${inSubtree(sql`c.unit_id`)}`;
}

/** The readings spanning the period's end summed in the database per channel and per item (grouping sets). */
function spanningRows(q: Queryable, subtree: readonly string[], period: Period): Promise<SpanningRow[]> {
  return q.execute<SpanningRow>(sql`
    select d.channel_id, c.unit_id, d.item_id, rv.theme, c.platform, ml.metric, sum(x.value)::float8 as value
    ${spanningFrom((column) => inUnits(column, subtree), period)}
    group by grouping sets ((d.channel_id, c.unit_id, c.platform, ml.metric), (d.item_id, rv.theme, c.platform, ml.metric))`);
}

/** The kind columns of the channel rollups, in metricKinds' order (`prefix.` when given). */
export const kindColumns = (prefix?: string): SQL => sql.join(metricKinds.map((k) => (prefix ? sql`${sql.identifier(prefix)}.${sql.identifier(k)}` : sql.identifier(k))), sql`, `);

/**
 * Rows (channel_id, then one column per kind: kindColumns) holding every figure of the period's channels: the channel
 * rollups of its buckets (rollup_channel_kinds, migration 0037) and, from a month's start to a month's end, the channel
 * carries of its months (rollup_carry_channel_kinds), otherwise (when `spanning` gives the subtree) the readings
 * spanning its end, each in its kind's column. A kind null in every row of a channel has nothing read. Not yet kept to a subtree.
 */
export function channelSources(period: Period, spanning: InSubtree | null): SQL {
  const rolled = sql`select r.channel_id, ${kindColumns('r')} from rollup_channel_kinds r where ${bucketFilter(period)}`;
  if (carriedByMonth(period))
    return sql`${rolled} union all
      select r.channel_id, ${kindColumns('r')} from rollup_carry_channel_kinds r
      where r.month_end = ${period.to}::date and r.value_month >= ${period.from}::date`;
  if (!spanning) return rolled;
  const byKind = sql.join(metricKinds.map((k) => sql`case when s.kind = ${k}::text then s.value end as ${sql.identifier(k)}`), sql`, `);
  return sql`${rolled} union all
    select s.channel_id, ${byKind}
    from (select d.channel_id, loa_metric_kind(c.platform, ml.metric) as kind, x.value ${spanningFrom(spanning, period)}) s
    where s.kind is not null`;
}

/** The root's item carries of a period from a month's start to a month's end (migration 0020): those of its months. */
function carriedItemRows(q: Queryable, rootUnitId: string, period: Period): Promise<SpanningRow[]> {
  return q.execute<SpanningRow>(sql`
    select null as channel_id, null as unit_id, r.item_id, r.theme, r.platform, r.metric, sum(r.value)::float8 as value
    from rollup_carry_item r
    where r.month_end = ${period.to}::date and r.unit_id = ${rootUnitId} and r.value_month >= ${period.from}::date and ${counted(sql`r.metric`)}
    group by r.item_id, r.theme, r.platform, r.metric`);
}

type ChannelKindRow = { channel_id: string; platform: Platform; unit_id: string; kind: MetricKind; value: number };

/**
 * Per channel of the subtree and kind: the channel rollups of the period's buckets and, for a period from a month's
 * start to a month's end, the channel carries of its months, summed in the database — one row per channel and kind
 * (a province-year: ~6,000). The readings spanning a period that is not whole months come from spanningRows, shared
 * with the items.
 */
function channelKindRows(q: Queryable, subtree: readonly string[], period: Period): Promise<ChannelKindRow[]> {
  return q.execute<ChannelKindRow>(sql`
    select m.channel_id, m.platform, m.unit_id, k.kind, k.value
    from (
      select x.channel_id, c.platform, c.unit_id, ${sql.join(metricKinds.map((k) => sql`sum(x.${sql.identifier(k)})::float8 as ${sql.identifier(k)}`), sql`, `)}
      from (${channelSources(period, null)}) x
      join channels c on c.id = x.channel_id
      where ${inUnits(sql`c.unit_id`, subtree)}
      group by x.channel_id, c.platform, c.unit_id
    ) m
    cross join lateral (values ${sql.join(metricKinds.map((k) => sql`(${k}::text, m.${sql.identifier(k)})`), sql`, `)}) k(kind, value)
    where k.value is not null`);
}

/**
 * Every figure of a unit's subtree in a period, per channel and per item/theme/platform, with
 * the semantics of docs/METRICS.md: per delivery and metric, the value of the latest Vietnam
 * day inside the period with a reading; values added only within one kind.
 *
 * Deliveries whose last reading day falls inside the period contribute their last value,
 * which the rollups hold already summed by day, month and year (one row per bucket). The
 * others that were read inside the period have readings after its end too (read within the
 * cadence after the period ends): for a period from a month's start to a month's end they are
 * in the month-end carry rollups, otherwise they are read from metric_daily directly.
 * Without `withChannels`, only the items' rows (the API's report ranks its channels in the database: top-channels.ts).
 */
export async function scopeFigureRows(
  q: Queryable,
  rootUnitId: string,
  subtree: readonly string[],
  period: Period,
  withChannels = true,
): Promise<ScopeFigureRows> {
  const [channelRows, itemRows, spanning] = await Promise.all([
    withChannels ? channelKindRows(q, subtree, period) : [],
    q.execute<{ item_id: string; theme: Theme; platform: Platform; metric: string; value: number }>(sql`
      select r.item_id, r.theme, r.platform, r.metric, sum(r.value)::float8 as value
      from rollup_item_metrics r
      where ${bucketFilter(period)} and ${counted(sql`r.metric`)} and r.unit_id = ${rootUnitId}
      group by r.item_id, r.theme, r.platform, r.metric`),
    carriedByMonth(period) ? carriedItemRows(q, rootUnitId, period) : spanningRows(q, subtree, period),
  ]);
  const channels = new Map<string, ChannelFigure>();
  const items = new Map<string, ItemFigure>();
  const addChannel = (r: { channel_id: string; platform: Platform; unit_id: string; kind: MetricKind | null; value: number }) => {
    if (!r.kind) return;
    const key = `${r.channel_id}|${r.kind}`;
    const row = channels.get(key) ?? { channelId: r.channel_id, platform: r.platform, unitId: r.unit_id, kind: r.kind, value: 0 };
    row.value += Number(r.value);
    channels.set(key, row);
  };
  const addItem = (r: { item_id: string; theme: Theme; platform: Platform; metric: string; value: number }) => {
    const kind = kindOf(r.platform, r.metric);
    if (!kind) return;
    const key = `${r.item_id}|${r.theme}|${r.platform}|${kind}`;
    const row = items.get(key) ?? { itemId: r.item_id, theme: r.theme, platform: r.platform, kind, value: 0 };
    row.value += Number(r.value);
    items.set(key, row);
  };
  for (const r of channelRows) addChannel(r);
  for (const r of itemRows) addItem(r);
  for (const r of spanning) {
    if (r.channel_id !== null && r.unit_id !== null) {
      if (withChannels) addChannel({ channel_id: r.channel_id, platform: r.platform, unit_id: r.unit_id, kind: kindOf(r.platform, r.metric), value: r.value });
    } else if (r.item_id !== null && r.theme !== null) addItem({ ...r, item_id: r.item_id, theme: r.theme });
  }
  return { channels: [...channels.values()], items: [...items.values()] };
}

type TotalRow = { platform: Platform; metric: string; value: number };

/**
 * The readings spanning the period's end summed by platform and metric: from the root's item carries
 * for whole months, the subtree's channel carries of the period's days for a period ending at a
 * month's end (the trend's last, cut week), otherwise looked up in metric_daily.
 */
async function spanningTotals(q: Queryable, rootUnitId: string, subtree: readonly string[], period: Period): Promise<TotalRow[]> {
  if (carriedByMonth(period))
    return q.execute<TotalRow>(sql`
      select r.platform, r.metric, sum(r.value)::float8 as value from rollup_carry_item r
      where r.month_end = ${period.to}::date and r.unit_id = ${rootUnitId} and r.value_month >= ${period.from}::date and ${counted(sql`r.metric`)}
      group by r.platform, r.metric`);
  if (endsAtMonthEnd(period))
    return q.execute<TotalRow>(sql`
      select c.platform, r.metric, sum(r.value)::float8 as value
      from rollup_carry_channel r join channels c on c.id = r.channel_id
      where r.month_end = ${period.to}::date and r.value_day >= ${period.from}::date and ${counted(sql`r.metric`)} and ${inUnits(sql`c.unit_id`, subtree)}
      group by c.platform, r.metric`);
  return (await spanningRows(q, subtree, period)).filter((r) => r.channel_id !== null);
}

/**
 * The scope's totals in a period, by kind (docs/METRICS.md), for the comparison with the previous
 * period and the weekly trend: the same figures as the sum of scopeFigureRows' channels, read from
 * the root's item rollups (which hold every delivery of the subtree, summed by item) instead of one
 * row per channel — a province's few dozen rows instead of tens of thousands.
 */
export async function scopeTotals(q: Queryable, rootUnitId: string, subtree: readonly string[], period: Period): Promise<Record<MetricKind, number | null>> {
  const [rolled, spanning] = await Promise.all([
    q.execute<TotalRow>(sql`
      select r.platform, r.metric, sum(r.value)::float8 as value
      from rollup_item_metrics r
      where ${bucketFilter(period)} and ${counted(sql`r.metric`)} and r.unit_id = ${rootUnitId}
      group by r.platform, r.metric`),
    spanningTotals(q, rootUnitId, subtree, period),
  ]);
  const totals = Object.fromEntries(metricKinds.map((k) => [k, null])) as Record<MetricKind, number | null>;
  for (const r of [...rolled, ...spanning]) {
    const kind = kindOf(r.platform, r.metric);
    if (kind) totals[kind] = (totals[kind] ?? 0) + Number(r.value);
  }
  return totals;
}
