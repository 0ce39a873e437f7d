import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Theme } from '../../db/schema/index.ts';
import { platforms, type Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { PLATFORM_METRIC_KINDS } from '../metrics/kinds.ts';
import { vnDayStart } from '../metrics/period.ts';
import { bucketFilter } from './figures.ts';
import { inUnits } from './in-units.ts';

/** Platforms whose posts Loa reads figures from (the others only ever have link clicks). */
export const READ_PLATFORMS: readonly Platform[] = platforms.filter((p) => Object.keys(PLATFORM_METRIC_KINDS[p]).length > 0);

/** Deliveries published in the period on one channel, and those of them not read yet. */
export interface ChannelPublished {
  channelId: string;
  deliveries: number;
  /** Published on a platform Loa reads, with no reading up to the period's end. */
  unread: number;
  /** Earliest planned reading of those. */
  nextReadingAt: Date | null;
}

/** One item's deliveries of one revision theme on one platform in the period. */
export interface ItemPublished {
  itemId: string;
  title: string;
  theme: Theme;
  platform: Platform;
  nextReadingAt: Date | null;
  deliveries: number;
  unread: number;
}

export interface PublishedRows {
  channels: ChannelPublished[];
  items: ItemPublished[];
}

/**
 * The deliveries of read platforms published in the period (Vietnam days) with no reading up to its end, per channel,
 * item, theme and platform, of every unit (few by construction): from report_unread, which only holds the few
 * deliveries of read platforms not read on their publishing day.
 */
export function unreadSql(period: Period): SQL {
  const start = vnDayStart(period.from).toISOString();
  const end = new Date(vnDayStart(period.to).getTime() + 86_400_000).toISOString();
  return sql`
    select d.channel_id, c.unit_id, d.item_id, rv.theme, c.platform, count(*)::int as unread, min(s.next_at) as next_at
    from report_unread u
    join deliveries d on d.id = u.delivery_id
    join channels c on c.id = d.channel_id
    join revisions rv on rv.id = d.revision_id
    left join metric_schedule s on s.delivery_id = d.id
    where u.published_at >= ${start}::timestamptz and u.published_at < ${end}::timestamptz
      and (d.first_read_day is null or d.first_read_day > ${period.to}::date)
      and c.platform::text = any(${`{${READ_PLATFORMS.join(',')}}`}::text[])
    group by d.channel_id, c.unit_id, d.item_id, rv.theme, c.platform`;
}

/**
 * What the subtree's channels published in the period (published_at inside its Vietnam
 * days), per channel (unless `withChannels` is false) and per item, and how much of it has no reading yet. The
 * counts come from the published rollups (one row per bucket; the caller drains their queue first: drainReportQueues).
 */
export async function publishedRows(q: Queryable, rootUnitId: string, subtree: readonly string[], period: Period, withChannels = true): Promise<PublishedRows> {
  const [channels, items, unread] = await Promise.all([
    withChannels
      ? q.execute<{ channel_id: string; deliveries: number }>(sql`
      select r.channel_id, sum(r.deliveries)::int as deliveries
      from rollup_channel_published r join channels c on c.id = r.channel_id
      where ${bucketFilter(period)} and ${inUnits(sql`c.unit_id`, subtree)}
      group by r.channel_id having sum(r.deliveries) <> 0`)
      : [],
    q.execute<{ item_id: string; title: string; theme: Theme; platform: Platform; deliveries: number }>(sql`
      select r.item_id, r.theme, r.platform, sum(r.deliveries)::int as deliveries, coalesce(min(ar.title), min(lr.title), '') as title
      from rollup_item_published r
      join content_items ci on ci.id = r.item_id
      left join revisions ar on ar.id = ci.approved_revision_id
      left join revisions lr on lr.id = ci.latest_revision_id
      where ${bucketFilter(period)} and r.unit_id = ${rootUnitId}
      group by r.item_id, r.theme, r.platform having sum(r.deliveries) <> 0`),
    // Every unit's in the period, kept to the subtree's below.
    q.execute<{ channel_id: string; unit_id: string; item_id: string; theme: Theme; platform: Platform; unread: number; next_at: string | null }>(unreadSql(period)),
  ]);
  const byChannel = new Map<string, ChannelPublished>(channels.map((r) => [r.channel_id, { channelId: r.channel_id, deliveries: r.deliveries, unread: 0, nextReadingAt: null }]));
  const byItem = new Map<string, ItemPublished>(
    items.map((r) => [`${r.item_id}|${r.theme}|${r.platform}`, { itemId: r.item_id, title: r.title, theme: r.theme, platform: r.platform, deliveries: r.deliveries, unread: 0, nextReadingAt: null }]),
  );
  const earliest = (a: Date | null, b: string | null) => (b === null ? a : a === null || new Date(b) < a ? new Date(b) : a);
  const inSubtree = new Set(subtree);
  for (const u of unread) {
    if (!inSubtree.has(u.unit_id)) continue;
    for (const row of [byChannel.get(u.channel_id), byItem.get(`${u.item_id}|${u.theme}|${u.platform}`)]) {
      if (!row) continue;
      row.unread += u.unread;
      row.nextReadingAt = earliest(row.nextReadingAt, u.next_at);
    }
  }
  return { channels: [...byChannel.values()], items: [...byItem.values()] };
}
