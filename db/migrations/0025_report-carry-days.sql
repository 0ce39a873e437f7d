-- The channel carries are kept by the day of the carried value (the items' stay by its month), so a
-- period ending at a month's end but starting inside that month (the trend's last, cut week) takes the
-- carries of its own days instead of looking each spanning reading up in metric_daily.
DELETE FROM rollup_carry_channel;--> statement-breakpoint
ALTER TABLE "rollup_carry_channel" RENAME COLUMN "value_month" TO "value_day";--> statement-breakpoint
ALTER TABLE "rollup_carry_channel" RENAME CONSTRAINT "rollup_carry_channel_month_end_value_month_channel_id_metric_pk" TO "rollup_carry_channel_month_end_value_day_channel_id_metric_pk";--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_add_carries(delivery_ids uuid[], metrics text[], month_ends date[], days date[], vals float8[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE leveled AS (
    SELECT x.metric, x.month_end, x.day, date_trunc('month', x.day)::date AS value_month, x.value, d.channel_id, d.item_id, r.theme, c.platform, c.unit_id
    FROM unnest(delivery_ids, metrics, month_ends, days, vals) x(delivery_id, metric, month_end, day, value)
    JOIN deliveries d ON d.id = x.delivery_id
    JOIN channels c ON c.id = d.channel_id
    JOIN revisions r ON r.id = d.revision_id
  ),
  up(unit_id, ancestor) AS (
    SELECT DISTINCT unit_id, unit_id FROM leveled
    UNION ALL
    SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
  ),
  by_channel AS (
    INSERT INTO rollup_carry_channel (month_end, value_day, channel_id, metric, value)
    SELECT month_end, day, channel_id, metric, sum(value) FROM leveled GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month_end, value_day, channel_id, metric) DO UPDATE SET value = rollup_carry_channel.value + excluded.value
  )
  INSERT INTO rollup_carry_item (month_end, value_month, unit_id, item_id, theme, platform, metric, value)
  SELECT l.month_end, l.value_month, up.ancestor, l.item_id, l.theme, l.platform, l.metric, sum(l.value)
  FROM leveled l JOIN up ON up.unit_id = l.unit_id
  GROUP BY l.month_end, up.ancestor, l.value_month, l.item_id, l.theme, l.platform, l.metric ORDER BY 1, 3, 2, 4, 5, 6, 7
  ON CONFLICT (month_end, unit_id, value_month, item_id, theme, platform, metric) DO UPDATE SET value = rollup_carry_item.value + excluded.value
$$;--> statement-breakpoint
SELECT loa_rebuild_carry_rollups();
