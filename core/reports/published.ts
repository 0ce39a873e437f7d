import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Theme } from '../../db/schema/index.ts';
import { platforms, type Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { PLATFORM_METRIC_KINDS } from '../metrics/kinds.ts';
import { vnDayStart } from '../metrics/period.ts';

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

/** One item's deliveries on one platform in the period. */
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

const uuids = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * What the subtree's channels published in the period (published_at inside its Vietnam
 * days), per channel and per item, and how much of it has no reading yet.
 */
export async function publishedRows(q: Queryable, subtree: readonly string[], period: Period): Promise<PublishedRows> {
  const start = vnDayStart(period.from).toISOString();
  const end = new Date(vnDayStart(period.to).getTime() + 86_400_000).toISOString();
  const readable = sql`c.platform::text = any(${`{${READ_PLATFORMS.join(',')}}`}::text[])`;
  const from = sql`
    from deliveries d join channels c on c.id = d.channel_id
    left join lateral (
      select 1 as read from metric_last ml where ml.delivery_id = d.id and ml.first_day <= ${period.to}::date limit 1
    ) r on true`;
  const where = sql`where d.published_at >= ${start}::timestamptz and d.published_at < ${end}::timestamptz and c.unit_id = any(${uuids(subtree)})`;
  const unread = sql`${readable} and r.read is null`;
  const [channels, items] = await Promise.all([
    q.execute<{ channel_id: string; deliveries: number; unread: number; next_at: string | null }>(sql`
      select d.channel_id, count(*)::int as deliveries, count(*) filter (where ${unread})::int as unread,
        min(s.next_at) filter (where ${unread}) as next_at
      ${from} left join metric_schedule s on s.delivery_id = d.id
      ${where}
      group by d.channel_id`),
    q.execute<{ item_id: string; title: string; theme: Theme; platform: Platform; deliveries: number; unread: number; next_at: string | null }>(sql`
      select d.item_id, c.platform, coalesce(min(ar.title), min(lr.title), '') as title, min(rv.theme::text) as theme, count(*)::int as deliveries,
        count(*) filter (where ${unread})::int as unread, min(s.next_at) filter (where ${unread}) as next_at
      ${from} left join metric_schedule s on s.delivery_id = d.id
      join content_items ci on ci.id = d.item_id
      join revisions rv on rv.id = d.revision_id
      left join revisions ar on ar.id = ci.approved_revision_id
      left join revisions lr on lr.id = ci.latest_revision_id
      ${where}
      group by d.item_id, c.platform`),
  ]);
  return {
    channels: channels.map((r) => ({
      channelId: r.channel_id,
      deliveries: r.deliveries,
      unread: r.unread,
      nextReadingAt: r.next_at ? new Date(r.next_at) : null,
    })),
    items: items.map((r) => ({ itemId: r.item_id, title: r.title, theme: r.theme, platform: r.platform, deliveries: r.deliveries, unread: r.unread, nextReadingAt: r.next_at ? new Date(r.next_at) : null })),
  };
}
