import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { metricKindsValues, type MetricKind } from '../metrics/kinds.ts';
import { bucketFilter, channelSources } from './figures.ts';
import { inUnits } from './in-units.ts';
import { unreadSql } from './published.ts';
import type { ReportScope } from './scope.ts';

/** Figures of the channels of one report row (`top`, the root's child or the root) on one platform. */
export interface GroupFigure {
  top: string;
  platform: Platform;
  kind: MetricKind;
  value: number;
}

/** What the channels of one report row published on one platform in the period, and how much of it is unread. */
export interface GroupPublished {
  top: string;
  platform: Platform;
  deliveries: number;
  unread: number;
  nextReadingAt: Date | null;
}

/** One channel of the top ones: its figures by kind, what it published (null if nothing) and how much is unread. */
export interface TopChannel {
  id: string;
  name: string;
  platform: Platform;
  unitId: string;
  figures: Partial<Record<MetricKind, number>>;
  deliveries: number;
  unread: number;
  nextReadingAt: Date | null;
}

export interface TopChannels {
  figures: GroupFigure[];
  published: GroupPublished[];
  /** The first `top` channels by reach, then views (nothing read ranks below 0), then id. */
  channels: TopChannel[];
  /** Channels with a figure or a publication in the period. */
  channelCount: number;
}

/**
 * The report's channels as its API sends them, computed in the database in one query: the subtree's figures and
 * publications summed per report row and platform (for the totals, unit rows and platforms), the first `top`
 * channels ranked as the full report ranks them (report.ts, byReach) with their name, figures and publications, and
 * how many channels there are — instead of a row per channel (a province: 6,003) decoded and built into cells in Node.
 * The same sums as scopeFigureRows and publishedRows (docs/METRICS.md); the caller drains the published queue first.
 */
export async function topChannels(q: Queryable, scope: ReportScope, period: Period, top: number): Promise<TopChannels> {
  const ids = scope.ids;
  const tops = scope.units.map((u) => u.top);
  type Json<T> = Omit<T, 'nextReadingAt'> & { nextReadingAt: string | null };
  const rows = await q.execute<{ channel_count: number; figures: GroupFigure[]; published: Json<GroupPublished>[]; channels: Json<TopChannel>[] }>(sql`
    with m as materialized (
      select x.channel_id, c.platform, c.unit_id, x.metric, sum(x.value) as value
      from (${channelSources(ids, period, true)}) x
      join channels c on c.id = x.channel_id
      where ${inUnits(sql`c.unit_id`, ids)}
      group by x.channel_id, c.platform, c.unit_id, x.metric
    ),
    f as materialized (
      select m.channel_id, m.platform, m.unit_id, k.kind, sum(m.value)::float8 as value
      from m join ${metricKindsValues()} as k(platform, metric, kind) on k.platform = m.platform::text and k.metric = m.metric
      group by m.channel_id, m.platform, m.unit_id, k.kind
    ),
    p as materialized (
      select r.channel_id, c.platform, c.unit_id, sum(r.deliveries)::int as deliveries
      from rollup_channel_published r join channels c on c.id = r.channel_id
      where ${bucketFilter(period)} and ${inUnits(sql`c.unit_id`, ids)}
      group by r.channel_id, c.platform, c.unit_id having sum(r.deliveries) <> 0
    ),
    pu as materialized (
      select p.channel_id, p.platform, p.unit_id, p.deliveries, coalesce(u.unread, 0)::int as unread, u.next_at
      from p left join (select channel_id, sum(unread) as unread, min(next_at) as next_at from (${unreadSql(period)}) u0 group by channel_id) u
        on u.channel_id = p.channel_id
    ),
    t as (select * from unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${tops.join(',')}}`}::uuid[]) as t(unit_id, top)),
    ch as materialized (
      select coalesce(fc.channel_id, pu.channel_id) as channel_id, coalesce(fc.reach, -1) as reach, coalesce(fc.views, -1) as views
      from (select channel_id, sum(value) filter (where kind = 'reach') as reach, sum(value) filter (where kind = 'views') as views from f group by channel_id) fc
      full join pu on pu.channel_id = fc.channel_id
    ),
    best as materialized (select channel_id, reach, views from ch order by reach desc, views desc, channel_id limit ${top}),
    bf as (select f.channel_id, json_object_agg(f.kind, f.value) as figures from f where f.channel_id in (select channel_id from best) group by f.channel_id)
    select
      (select count(*)::int from ch) as channel_count,
      (select coalesce(json_agg(json_build_object('top', g.top, 'platform', g.platform, 'kind', g.kind, 'value', g.value)), '[]')
       from (select t.top, f.platform, f.kind, sum(f.value) as value from f join t on t.unit_id = f.unit_id group by t.top, f.platform, f.kind) g) as figures,
      (select coalesce(json_agg(json_build_object('top', g.top, 'platform', g.platform, 'deliveries', g.deliveries, 'unread', g.unread, 'nextReadingAt', g.next_at)), '[]')
       from (select t.top, pu.platform, sum(pu.deliveries)::int as deliveries, sum(pu.unread)::int as unread, min(pu.next_at) as next_at
             from pu join t on t.unit_id = pu.unit_id group by t.top, pu.platform) g) as published,
      (select coalesce(json_agg(json_build_object('id', b.channel_id, 'name', c.name, 'platform', c.platform, 'unitId', c.unit_id, 'figures', coalesce(bf.figures, '{}'),
                'deliveries', coalesce(pu.deliveries, 0), 'unread', coalesce(pu.unread, 0), 'nextReadingAt', pu.next_at)
              order by b.reach desc, b.views desc, b.channel_id), '[]')
       from best b join channels c on c.id = b.channel_id left join bf on bf.channel_id = b.channel_id left join pu on pu.channel_id = b.channel_id) as channels`);
  const row = rows[0]!; // an aggregate without group by: always one row
  const date = <T extends { nextReadingAt: string | null }>(r: T) => ({ ...r, nextReadingAt: r.nextReadingAt === null ? null : new Date(r.nextReadingAt) });
  return { figures: row.figures, published: row.published.map(date), channels: row.channels.map(date), channelCount: row.channel_count };
}
