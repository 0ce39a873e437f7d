import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { metricKinds, type MetricKind } from '../metrics/kinds.ts';
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

/** A kind's column (rollup_channel_kinds). */
const kind_ = (kind: MetricKind) => sql.identifier(kind);

/**
 * The report's channels as its API sends them, computed in the database in one query: the subtree's figures and
 * publications summed per report row and platform (for the totals, unit rows and platforms), the first `top`
 * channels ranked as the full report ranks them (report.ts, byReach) with their name, figures and publications, and
 * how many channels there are — instead of a row per channel (a province: 6,003) decoded and built into cells in Node.
 * The same sums as scopeFigureRows and publishedRows (docs/METRICS.md); the caller drains the published queue first.
 *
 * The subtree is read from the root's id (the caller need not wait for the scope, nor send its 3,031 ids twice). The
 * channel rollups hold a row per channel and bucket with the kinds as columns (migration 0037): a province-year's year
 * and carry rows (3,003 + 3,003) are summed into one row per channel, the published rollup's likewise (6,003), and only
 * then are the two joined, to the channels (once) and to the subtree, through the channels' own unit column, whose
 * statistics keep the estimates near the rows (joined on the materialized subtree before summing, a quarter's plan
 * crossed PostgreSQL's JIT threshold, 100,000). Every part of the answer is read from those rows (`ch`): ~27 ms of
 * PostgreSQL CPU for a province-year where summing by metric, then joining figures and publications apart, took ~55 ms.
 */
export async function topChannels(q: Queryable, rootUnitId: string, period: Period, top: number): Promise<TopChannels> {
  type Json<T> = Omit<T, 'nextReadingAt'> & { nextReadingAt: string | null };
  const rows = await q.execute<{ channel_count: number; figures: GroupFigure[]; published: Json<GroupPublished>[]; channels: Json<TopChannel>[] }>(sql`
    with t as materialized (select id as unit_id, top from (${subtreeSql(rootUnitId)}) s),
    f as (
      select x.channel_id, ${sql.join(metricKinds.map((kind) => sql`sum(x.${kind_(kind)}) as ${kind_(kind)}`), sql`, `)}
      from (${channelSources(period, (column) => sql`${column} in (select unit_id from t)`)}) x
      group by x.channel_id
    ),
    p as (
      select r.channel_id, sum(r.deliveries)::int as deliveries from rollup_channel_published r
      where ${bucketFilter(period)}
      group by r.channel_id having sum(r.deliveries) <> 0
    ),
    u as (select channel_id, sum(unread)::int as unread, min(next_at) as next_at from (${unreadSql(period)}) u0 group by channel_id),
    ch as materialized (
      select c.id as channel_id, c.name, c.platform, c.unit_id, t.top, f.channel_id is not null as read, ${sql.join(metricKinds.map((kind) => sql`f.${kind_(kind)}`), sql`, `)},
        p.deliveries, case when p.channel_id is not null then coalesce(u.unread, 0) end as unread, case when p.channel_id is not null then u.next_at end as next_at
      from f full join p on p.channel_id = f.channel_id
      join channels c on c.id = coalesce(f.channel_id, p.channel_id)
      join t on t.unit_id = c.unit_id
      left join u on u.channel_id = p.channel_id
    )
    select
      (select count(*)::int from ch) as channel_count,
      (select coalesce(json_agg(json_build_object('top', s.top, 'platform', s.platform, 'kind', g.kind, 'value', g.value)), '[]')
       from (select ch.top, ch.platform, ${sql.join(metricKinds.map((kind) => sql`sum(${kind_(kind)}) as ${kind_(kind)}`), sql`, `)} from ch where ch.read group by ch.top, ch.platform) s
       cross join lateral (values ${sql.join(metricKinds.map((kind) => sql`(${kind}::text, s.${kind_(kind)})`), sql`, `)}) g(kind, value)
       where g.value is not null) as figures,
      (select coalesce(json_agg(json_build_object('top', g.top, 'platform', g.platform, 'deliveries', g.deliveries, 'unread', g.unread, 'nextReadingAt', g.next_at)), '[]')
       from (select ch.top, ch.platform, sum(ch.deliveries)::int as deliveries, sum(ch.unread)::int as unread, min(ch.next_at) as next_at
             from ch where ch.deliveries is not null group by ch.top, ch.platform) g) as published,
      (select coalesce(json_agg(json_build_object('id', b.channel_id, 'name', b.name, 'platform', b.platform, 'unitId', b.unit_id, 'figures', json_strip_nulls(json_build_object(${sql.join(metricKinds.map((kind) => sql`${kind}::text, b.${kind_(kind)}`), sql`, `)})),
                'deliveries', coalesce(b.deliveries, 0), 'unread', coalesce(b.unread, 0), 'nextReadingAt', b.next_at)
              order by b.rank_reach desc, b.rank_views desc, b.channel_id), '[]')
       from (select ch.*, coalesce(ch.reach, -1) as rank_reach, coalesce(ch.views, -1) as rank_views from ch
             order by rank_reach desc, rank_views desc, ch.channel_id limit ${top}) b) as channels`);
  const row = rows[0]!; // an aggregate without group by: always one row
  const date = <T extends { nextReadingAt: string | null }>(r: T) => ({ ...r, nextReadingAt: r.nextReadingAt === null ? null : new Date(r.nextReadingAt) });
  return { figures: row.figures, published: row.published.map(date), channels: row.channels.map(date), channelCount: row.channel_count };
}
