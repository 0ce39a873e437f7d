import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Theme } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';

/** One delivery's value of one metric in a period, straight from the samples. */
export interface RawFigure {
  deliveryId: string;
  channelId: string;
  unitId: string;
  itemId: string;
  theme: Theme;
  platform: Platform;
  metric: string;
  value: number;
}

/**
 * The reference computation of a period's figures, from metric_samples alone (no rollup):
 * per delivery and metric, the latest sample whose Vietnam day is inside the period. The
 * reconciliation test checks reports against it and `npm run bench` times it as the baseline.
 */
export async function rawPeriodFigures(q: Queryable, unitIds: readonly string[], period: Period): Promise<RawFigure[]> {
  const rows = await q.execute<{ delivery_id: string; channel_id: string; unit_id: string; item_id: string; theme: Theme; platform: Platform; metric: string; value: number }>(sql`
    select distinct on (s.delivery_id, s.metric) s.delivery_id, d.channel_id, c.unit_id, d.item_id, rv.theme, c.platform, s.metric, s.value
    from metric_samples s
    join deliveries d on d.id = s.delivery_id
    join channels c on c.id = d.channel_id
    join revisions rv on rv.id = d.revision_id
    where c.unit_id = any(${`{${unitIds.join(',')}}`}::uuid[])
      and (s.collected_at at time zone 'Asia/Ho_Chi_Minh')::date between ${period.from}::date and ${period.to}::date
    order by s.delivery_id, s.metric, s.collected_at desc, s.id desc`);
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    channelId: r.channel_id,
    unitId: r.unit_id,
    itemId: r.item_id,
    theme: r.theme,
    platform: r.platform,
    metric: r.metric,
    value: Number(r.value),
  }));
}
