import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { metricKinds, metricKindSql, type MetricKind } from '../metrics/kinds.ts';
import { bucketFilter, channelSources } from './figures.ts';
import { unreadSql } from './published.ts';
import { subtreeSql } from './scope.ts';

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
 *
 * The subtree is read from the root's id (the caller need not wait for the scope, nor send its 3,031 ids twice). The
 * rollup and carry rows (a province-year: 30,016) are summed straight into one row per channel with its kinds as
 * columns (metricKindSql, the channel's platform joined by id), and only those rows (3,003) are then kept to the
 * subtree: summing per channel and metric first, then joining the subtree on 15,008 rows, cost ~30 % more PostgreSQL
 * CPU. The subtree is joined through the channels' own unit column, whose statistics keep the estimates near the rows
 * (joined on the materialized subtree before summing, a quarter's plan crossed PostgreSQL's JIT threshold, 100,000).
 * A join on the kinds' table instead of metricKindSql was estimated at 4 rows for 15,008 and sorted them.
 */
export async function topChannels(q: Queryable, rootUnitId: string, period: Period, top: number): Promise<TopChannels> {
  type Json<T> = Omit<T, 'nextReadingAt'> & { nextReadingAt: string | null };
  const rows = await q.execute<{ channel_count: number; figures: GroupFigure[]; published: Json<GroupPublished>[]; channels: Json<TopChannel>[] }>(sql`
    with t as materialized (select id as unit_id, top from (${subtreeSql(rootUnitId)}) s),
    k as (
      select x.channel_id, c.platform, ${metricKindSql(sql`c.platform`, sql`x.metric`)} as kind, x.value
      from (${channelSources(period, (column) => sql`${column} in (select unit_id from t)`)}) x join channels c on c.id = x.channel_id
      offset 0 -- kept a subquery, so the kind's CASE runs once a row rather than once in each of the sums below
    ),
    fc as materialized (
      select g.*, t.top from (
        select k.channel_id, k.platform, ${sql.join(metricKinds.map((kind) => sql`sum(k.value) filter (where k.kind = ${kind}) as ${sql.identifier(kind)}`), sql`, `)}
        from k where k.kind is not null
        group by k.channel_id, k.platform
      ) g join channels c on c.id = g.channel_id join t on t.unit_id = c.unit_id
    ),
    pu as materialized (
      select p.channel_id, p.platform, p.top, p.deliveries, coalesce(u.unread, 0)::int as unread, u.next_at
      from (
        select r.channel_id, c.platform, t.top, sum(r.deliveries)::int as deliveries
        from rollup_channel_published r join channels c on c.id = r.channel_id join t on t.unit_id = c.unit_id
        where ${bucketFilter(period)}
        group by r.channel_id, c.platform, t.top having sum(r.deliveries) <> 0
      ) p
      left join (select channel_id, sum(unread) as unread, min(next_at) as next_at from (${unreadSql(period)}) u0 group by channel_id) u
        on u.channel_id = p.channel_id
    ),
    ch as materialized (
      select coalesce(fc.channel_id, pu.channel_id) as channel_id, coalesce(fc.reach, -1) as reach, coalesce(fc.views, -1) as views
      from fc full join pu on pu.channel_id = fc.channel_id
    ),
    best as materialized (select channel_id, reach, views from ch order by reach desc, views desc, channel_id limit ${top})
    select
      (select count(*)::int from ch) as channel_count,
      (select coalesce(json_agg(json_build_object('top', s.top, 'platform', s.platform, 'kind', g.kind, 'value', g.value)), '[]')
       from (select fc.top, fc.platform, ${sql.join(metricKinds.map((kind) => sql`sum(${sql.identifier(kind)}) as ${sql.identifier(kind)}`), sql`, `)} from fc group by fc.top, fc.platform) s
       cross join lateral (values ${sql.join(metricKinds.map((kind) => sql`(${kind}::text, s.${sql.identifier(kind)})`), sql`, `)}) g(kind, value)
       where g.value is not null) as figures,
      (select coalesce(json_agg(json_build_object('top', g.top, 'platform', g.platform, 'deliveries', g.deliveries, 'unread', g.unread, 'nextReadingAt', g.next_at)), '[]')
       from (select pu.top, pu.platform, sum(pu.deliveries)::int as deliveries, sum(pu.unread)::int as unread, min(pu.next_at) as next_at
             from pu group by pu.top, pu.platform) g) as published,
      (select coalesce(json_agg(json_build_object('id', b.channel_id, 'name', c.name, 'platform', c.platform, 'unitId', c.unit_id, 'figures', json_strip_nulls(json_build_object(${sql.join(metricKinds.map((kind) => sql`${kind}::text, fc.${sql.identifier(kind)}`), sql`, `)})),
                'deliveries', coalesce(pu.deliveries, 0), 'unread', coalesce(pu.unread, 0), 'nextReadingAt', pu.next_at)
              order by b.reach desc, b.views desc, b.channel_id), '[]')
       from best b join channels c on c.id = b.channel_id left join fc on fc.channel_id = b.channel_id left join pu on pu.channel_id = b.channel_id) as channels`);
  const row = rows[0]!; // an aggregate without group by: always one row
  const date = <T extends { nextReadingAt: string | null }>(r: T) => ({ ...r, nextReadingAt: r.nextReadingAt === null ? null : new Date(r.nextReadingAt) });
  return { figures: row.figures, published: row.published.map(date), channels: row.channels.map(date), channelCount: row.channel_count };
}
