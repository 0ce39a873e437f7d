CREATE TABLE "rollup_carry_channel_month" (
	"month_end" date NOT NULL,
	"value_month" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_carry_channel_month_month_end_value_month_channel_id_metric_pk" PRIMARY KEY("month_end","value_month","channel_id","metric")
);
--> statement-breakpoint
ALTER TABLE "rollup_carry_channel_month" ADD CONSTRAINT "rollup_carry_channel_month_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The channel carries are also kept by the month of the carried value (rollup_carry_channel_month): a calendar period
-- (from a month's start to a month's end) reads a few rows per channel and metric there instead of one per day.
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
  ),
  by_channel_month AS (
    INSERT INTO rollup_carry_channel_month (month_end, value_month, channel_id, metric, value)
    SELECT month_end, value_month, channel_id, metric, sum(value) FROM leveled GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month_end, value_month, channel_id, metric) DO UPDATE SET value = rollup_carry_channel_month.value + excluded.value
  )
  INSERT INTO rollup_carry_item (month_end, value_month, unit_id, item_id, theme, platform, metric, value)
  SELECT l.month_end, l.value_month, up.ancestor, l.item_id, l.theme, l.platform, l.metric, sum(l.value)
  FROM leveled l JOIN up ON up.unit_id = l.unit_id
  GROUP BY l.month_end, up.ancestor, l.value_month, l.item_id, l.theme, l.platform, l.metric ORDER BY 1, 3, 2, 4, 5, 6, 7
  ON CONFLICT (month_end, unit_id, value_month, item_id, theme, platform, metric) DO UPDATE SET value = rollup_carry_item.value + excluded.value
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_carry_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_carry_channel;
  DELETE FROM rollup_carry_channel_month;
  DELETE FROM rollup_carry_item;
  SELECT loa_add_carries(array_agg(c.delivery_id), array_agg(c.metric), array_agg(c.month_end), array_agg(c.day), array_agg(c.value))
  FROM (
    SELECT array_agg(delivery_id) AS ids, array_agg(metric) AS metrics FROM metric_last
    WHERE date_trunc('month', first_day) <> date_trunc('month', last_day)
  ) t CROSS JOIN LATERAL loa_carries(t.ids, t.metrics) c;
$$;--> statement-breakpoint
-- Backfilled from the carries by day (the same sums, by month), not by a rebuild of every carry.
INSERT INTO rollup_carry_channel_month (month_end, value_month, channel_id, metric, value)
  SELECT month_end, date_trunc('month', value_day)::date, channel_id, metric, sum(value) FROM rollup_carry_channel
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
