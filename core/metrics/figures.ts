import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Theme } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import { decodeCursor, encodeCursor, type Page } from '../org/pagination.ts';
import { metricKinds, metricKindsValues, zeroFigures, type Figures, type MetricKind } from './kinds.ts';

/** Vietnam days, both ends included (`YYYY-MM-DD`). */
export interface Period {
  from: string;
  to: string;
}

/** Which deliveries a figure covers. A unit's figures are those of the channels its subtree owns. */
export type Scope =
  | { deliveryId: string }
  | { itemId: string }
  | { channelId: string }
  | { channelUnitIds: readonly string[]; theme?: Theme | undefined };

export interface PlatformFigures extends Figures {
  platform: Platform;
  /** Deliveries with at least one reading in the period. */
  deliveries: number;
}

export interface ScopeFigures {
  figures: Figures;
  deliveries: number;
  byPlatform: PlatformFigures[];
}

export type BreakdownBy = 'channel' | 'item' | 'theme' | 'unit' | 'platform';

export interface GroupFigures extends Figures {
  key: string;
  deliveries: number;
}

function scopeFilter(scope: Scope): SQL {
  if ('deliveryId' in scope) return sql`d.id = ${scope.deliveryId}`;
  if ('itemId' in scope) return sql`d.item_id = ${scope.itemId}`;
  if ('channelId' in scope) return sql`d.channel_id = ${scope.channelId}`;
  const units = sql`c.unit_id = any(${`{${scope.channelUnitIds.join(',')}}`}::uuid[])`;
  return scope.theme ? sql`${units} and r.theme = ${scope.theme}` : units;
}

const groupKey: Record<BreakdownBy, SQL> = {
  channel: sql`d.channel_id::text`,
  item: sql`d.item_id::text`,
  theme: sql`r.theme::text`,
  unit: sql`c.unit_id::text`,
  platform: sql`c.platform::text`,
};

/**
 * Figures of every group in the scope. For each delivery and metric the value of the latest
 * Vietnam day with a reading inside the period is taken (collected counters are lifetime
 * totals), then values are added up only within one kind (views with views, reach with
 * reach …) through the table in kinds.ts; metrics outside the table count in no figure.
 */
function groupedFigures(scope: Scope, period: Period, by: BreakdownBy): SQL {
  return sql`
    with latest as (
      select distinct on (md.delivery_id, md.metric) md.delivery_id, md.metric, md.value, c.platform::text as platform, ${groupKey[by]} as g
      from metric_daily md
      join deliveries d on d.id = md.delivery_id
      join channels c on c.id = d.channel_id
      join revisions r on r.id = d.revision_id
      where md.day between ${period.from}::date and ${period.to}::date and ${scopeFilter(scope)}
      order by md.delivery_id, md.metric, md.day desc
    ),
    figs as (
      select l.g,
        ${sql.join(
          metricKinds.map((k) => sql`coalesce(sum(l.value) filter (where k.kind = ${k}), 0)::float8 as ${sql.identifier(k)}`),
          sql`, `,
        )},
        count(distinct l.delivery_id)::int as deliveries
      from latest l
      left join ${metricKindsValues()} as k(platform, metric, kind) on k.platform = l.platform and k.metric = l.metric
      group by l.g
    )`;
}

type FigureRow = { g: string; deliveries: number } & Record<MetricKind, number>;

function toGroup(r: FigureRow): GroupFigures {
  return { key: r.g, deliveries: r.deliveries, views: r.views, reach: r.reach, engagement: r.engagement, clicks: r.clicks };
}

/** Totals of a scope and the same per platform. Totals add each kind across platforms (views to views), never across kinds. */
export async function scopeFigures(q: Queryable, scope: Scope, period: Period): Promise<ScopeFigures> {
  const rows = await q.execute<FigureRow>(sql`${groupedFigures(scope, period, 'platform')} select * from figs order by g`);
  const figures = zeroFigures();
  let deliveries = 0;
  const byPlatform = rows.map((r) => {
    for (const k of metricKinds) figures[k] += r[k];
    deliveries += r.deliveries;
    const { key, ...rest } = toGroup(r);
    return { platform: key as Platform, ...rest };
  });
  return { figures, deliveries, byPlatform };
}

/**
 * One page of groups (channels, items, themes, owning units, platforms) ranked by one kind,
 * highest first; keyset cursor (value, key), so pages never skip or repeat a group.
 */
export async function breakdownFigures(
  q: Queryable,
  scope: Scope,
  period: Period,
  o: { by: BreakdownBy; sort: MetricKind; limit: number; cursor?: string | undefined },
): Promise<Page<GroupFigures>> {
  const col = sql.identifier(o.sort);
  let after = sql`true`;
  if (o.cursor) {
    const [value, key] = decodeCursor(o.cursor, ['number', 'string'] as const);
    after = sql`(${col} < ${value} or (${col} = ${value} and g > ${key}))`;
  }
  const rows = await q.execute<FigureRow>(sql`${groupedFigures(scope, period, o.by)}
    select * from figs where ${after} order by ${col} desc, g asc limit ${o.limit + 1}`);
  const more = rows.length > o.limit;
  const items = rows.slice(0, o.limit).map(toGroup);
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor([last[o.sort], last.key]) : null };
}
