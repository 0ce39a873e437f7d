import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { DeliveryState } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { metricKinds, metricKindsValues, type MetricKind } from '../metrics/kinds.ts';
import { vnDayStart } from '../metrics/period.ts';
import { subtreeCompliance } from '../manual/compliance.ts';
import { coverageRows } from './coverage.ts';
import type { ReportScope } from './scope.ts';
import { inUnits } from './in-units.ts';
import { compareVietnamese } from '../../lib/text.ts';

/** One item on one channel in the period: what the XLSX's finest sheet lists. */
export interface ItemChannelRow {
  itemTitle: string;
  channelName: string;
  platform: Platform;
  unitName: string;
  publishedDay: string | null;
  state: DeliveryState;
  figures: Record<MetricKind, number | null>;
}

/**
 * Every delivery of the scope published in the period or read in it, with its figures (the
 * latest day inside the period with a reading, per metric, added within one kind).
 */
export async function itemChannelRows(q: Queryable, scope: ReportScope, period: Period): Promise<ItemChannelRow[]> {
  const start = vnDayStart(period.from).toISOString();
  const end = new Date(vnDayStart(period.to).getTime() + 86_400_000).toISOString();
  const rows = await q.execute<{ title: string; channel: string; platform: Platform; unit: string; published_day: string | null; state: DeliveryState } & Record<MetricKind, number | null>>(sql`
    with latest as (
      select distinct on (md.delivery_id, md.metric) md.delivery_id, md.metric, md.value
      from metric_daily md join deliveries d on d.id = md.delivery_id join channels c on c.id = d.channel_id
      where md.day between ${period.from}::date and ${period.to}::date and ${inUnits(sql`c.unit_id`, scope.ids)}
      order by md.delivery_id, md.metric, md.day desc
    ),
    figs as (
      select l.delivery_id, ${sql.join(
        metricKinds.map((k) => sql`sum(l.value) filter (where k.kind = ${k})::float8 as ${sql.identifier(k)}`),
        sql`, `,
      )}
      from latest l join deliveries d on d.id = l.delivery_id join channels c on c.id = d.channel_id
      left join ${metricKindsValues()} as k(platform, metric, kind) on k.platform = c.platform::text and k.metric = l.metric
      group by l.delivery_id
    )
    select rv.title, c.name as channel, c.platform, u.name as unit, d.state::text as state,
      to_char(d.published_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as published_day,
      ${sql.join(metricKinds.map((k) => sql`f.${sql.identifier(k)}`), sql`, `)}
    from deliveries d
    join channels c on c.id = d.channel_id
    join units u on u.id = c.unit_id
    join revisions rv on rv.id = d.revision_id
    left join figs f on f.delivery_id = d.id
    where ${inUnits(sql`c.unit_id`, scope.ids)}
      and (f.delivery_id is not null or (d.published_at >= ${start}::timestamptz and d.published_at < ${end}::timestamptz))
    order by rv.title, u.name, c.name`);
  return rows.map((r) => ({
    itemTitle: r.title,
    channelName: r.channel,
    platform: r.platform,
    unitName: r.unit,
    publishedDay: r.published_day,
    state: r.state,
    figures: Object.fromEntries(metricKinds.map((k) => [k, r[k] === null ? null : Number(r[k])])) as Record<MetricKind, number | null>,
  }));
}

/** One commune: its pushes (its groups and those of the units below it), items received, coverage. */
export interface CommuneRow {
  name: string;
  pushes: number;
  onTime: number;
  late: number;
  missed: number;
  awaiting: number;
  estimatedReach: number;
  clicks: number;
  itemsReceived: number;
  coverage: number | null;
}

export async function communeRows(q: Queryable, scope: ReportScope, period: Period): Promise<CommuneRow[]> {
  const window = { from: vnDayStart(period.from), to: new Date(vnDayStart(period.to).getTime() + 86_400_000) };
  const [comp, cov] = await Promise.all([subtreeCompliance(q, scope.ids, window, 0), coverageRows(q, scope, period)]);
  const byId = new Map(scope.units.map((u) => [u.id, u]));
  const communeOf = (unitId: string): string | undefined => {
    for (let u = byId.get(unitId); u; u = u.parentId ? byId.get(u.parentId) : undefined) if (u.kind === 'commune') return u.id;
    return undefined;
  };
  const rows = new Map<string, CommuneRow>(
    cov.communes.map((c) => [c.unitId, { name: c.name, pushes: 0, onTime: 0, late: 0, missed: 0, awaiting: 0, estimatedReach: 0, clicks: 0, itemsReceived: c.itemsReceived, coverage: cov.items.length ? c.itemsReceived / cov.items.length : null }]),
  );
  for (const c of comp.communes) {
    const row = rows.get(communeOf(c.unitId) ?? '');
    if (!row) continue;
    for (const k of ['pushes', 'onTime', 'late', 'missed', 'awaiting', 'estimatedReach', 'clicks'] as const) row[k] += c[k];
  }
  return [...rows.values()].sort((a, b) => compareVietnamese(a.name, b.name));
}
