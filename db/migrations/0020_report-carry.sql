CREATE TABLE "rollup_carry_channel" (
	"month_end" date NOT NULL,
	"value_month" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_carry_channel_month_end_value_month_channel_id_metric_pk" PRIMARY KEY("month_end","value_month","channel_id","metric")
);
--> statement-breakpoint
CREATE TABLE "rollup_carry_item" (
	"month_end" date NOT NULL,
	"value_month" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"theme" "theme" NOT NULL,
	"platform" "platform" NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_carry_item_month_end_unit_id_value_month_item_id_theme_platform_metric_pk" PRIMARY KEY("month_end","unit_id","value_month","item_id","theme","platform","metric")
);
--> statement-breakpoint
ALTER TABLE "rollup_carry_channel" ADD CONSTRAINT "rollup_carry_channel_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_carry_item" ADD CONSTRAINT "rollup_carry_item_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_carry_item" ADD CONSTRAINT "rollup_carry_item_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Per delivery and metric given (distinct pairs): each month end its readings span (first day on or
-- before it, last day after it) with the value of the latest day up to that month end.
CREATE FUNCTION loa_carries(delivery_ids uuid[], metrics text[]) RETURNS TABLE (delivery_id uuid, metric text, month_end date, day date, value float8) LANGUAGE sql STABLE AS $$
  SELECT t.delivery_id, t.metric, (g.month + interval '1 month' - interval '1 day')::date, x.day, x.value
  FROM unnest(delivery_ids, metrics) t(delivery_id, metric)
  CROSS JOIN LATERAL (
    SELECT min(md.day) AS first_day, max(md.day) AS last_day FROM metric_daily md WHERE md.delivery_id = t.delivery_id AND md.metric = t.metric
  ) s
  CROSS JOIN LATERAL generate_series(date_trunc('month', s.first_day), date_trunc('month', s.last_day) - interval '1 month', interval '1 month') g(month)
  CROSS JOIN LATERAL (
    SELECT md.day, md.value FROM metric_daily md
    WHERE md.delivery_id = t.delivery_id AND md.metric = t.metric AND md.day < (g.month + interval '1 month')::date
    ORDER BY md.day DESC LIMIT 1
  ) x
$$;--> statement-breakpoint
-- Adds carries (values negated to take them out) to the month-end rollups, per channel and per
-- item for every unit at or above the channel's owner; rows written in key order.
CREATE FUNCTION loa_add_carries(delivery_ids uuid[], metrics text[], month_ends date[], days date[], vals float8[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE leveled AS (
    SELECT x.metric, x.month_end, date_trunc('month', x.day)::date AS value_month, x.value, d.channel_id, d.item_id, r.theme, c.platform, c.unit_id
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
    INSERT INTO rollup_carry_channel (month_end, value_month, channel_id, metric, value)
    SELECT month_end, value_month, channel_id, metric, sum(value) FROM leveled GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month_end, value_month, channel_id, metric) DO UPDATE SET value = rollup_carry_channel.value + excluded.value
  )
  INSERT INTO rollup_carry_item (month_end, value_month, unit_id, item_id, theme, platform, metric, value)
  SELECT l.month_end, l.value_month, up.ancestor, l.item_id, l.theme, l.platform, l.metric, sum(l.value)
  FROM leveled l JOIN up ON up.unit_id = l.unit_id
  GROUP BY l.month_end, up.ancestor, l.value_month, l.item_id, l.theme, l.platform, l.metric ORDER BY 1, 3, 2, 4, 5, 6, 7
  ON CONFLICT (month_end, unit_id, value_month, item_id, theme, platform, metric) DO UPDATE SET value = rollup_carry_item.value + excluded.value
$$;--> statement-breakpoint
-- Rebuilds the carries from metric_last: only readings whose first and last months differ span a month end.
CREATE FUNCTION loa_rebuild_carry_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_carry_channel;
  DELETE FROM rollup_carry_item;
  SELECT loa_add_carries(array_agg(c.delivery_id), array_agg(c.metric), array_agg(c.month_end), array_agg(c.day), array_agg(c.value))
  FROM (
    SELECT array_agg(delivery_id) AS ids, array_agg(metric) AS metrics FROM metric_last
    WHERE date_trunc('month', first_day) <> date_trunc('month', last_day)
  ) t CROSS JOIN LATERAL loa_carries(t.ids, t.metrics) c;
$$;--> statement-breakpoint
-- The full rebuild (bench, unit moves, tests) is the bucket rollups of 0018 and then the carries.
ALTER FUNCTION loa_rebuild_report_rollups() RENAME TO loa_rebuild_bucket_rollups;--> statement-breakpoint
CREATE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT loa_rebuild_bucket_rollups();
  SELECT loa_rebuild_carry_rollups();
$$;--> statement-breakpoint
SELECT loa_rebuild_carry_rollups();
