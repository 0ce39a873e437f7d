CREATE TABLE "rollup_carry_channel_kinds" (
	"month_end" date NOT NULL,
	"value_month" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"views" double precision,
	"reach" double precision,
	"engagement" double precision,
	"clicks" double precision,
	CONSTRAINT "rollup_carry_channel_kinds_month_end_value_month_channel_id_pk" PRIMARY KEY("month_end","value_month","channel_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_channel_kinds" (
	"level" text NOT NULL,
	"bucket" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"views" double precision,
	"reach" double precision,
	"engagement" double precision,
	"clicks" double precision,
	CONSTRAINT "rollup_channel_kinds_level_bucket_channel_id_pk" PRIMARY KEY("level","bucket","channel_id")
);
--> statement-breakpoint
ALTER TABLE "rollup_carry_channel_kinds" ADD CONSTRAINT "rollup_carry_channel_kinds_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_channel_kinds" ADD CONSTRAINT "rollup_channel_kinds_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The channel rollups a report reads hold one row per channel and bucket, each kind a column, instead of one per
-- metric: a province-year's channels are 3,003 rows of the year and 3,003 of December's carries where they were 33,011
-- and 33,011 by metric (15,008 and 15,008 of them counted), summed per channel and pivoted to kinds on every report.
ALTER TABLE rollup_channel_kinds SET (fillfactor = 70);--> statement-breakpoint
-- What a platform metric counts as (core/metrics/kinds.ts, kindOf; kinds.test.ts keeps the two equal), null for none.
-- One SQL expression, inlined by the planner where it is called.
CREATE FUNCTION loa_metric_kind(platform platform, metric text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    CASE platform
      WHEN 'facebook_page' THEN CASE metric
        WHEN 'post_total_media_view_unique' THEN 'reach' WHEN 'post_media_view' THEN 'views' WHEN 'total_video_views' THEN 'views'
        WHEN 'total_video_views_unique' THEN 'reach' WHEN 'reactions' THEN 'engagement' WHEN 'comments' THEN 'engagement'
        WHEN 'shares' THEN 'engagement' WHEN 'post_clicks' THEN 'engagement' END
      WHEN 'youtube_channel' THEN CASE metric WHEN 'views' THEN 'views' WHEN 'likes' THEN 'engagement' WHEN 'comments' THEN 'engagement' END
      WHEN 'wordpress' THEN CASE metric WHEN 'comments' THEN 'engagement' END
      WHEN 'site' THEN CASE metric WHEN 'views' THEN 'views' END
    END,
    CASE metric WHEN 'link_clicks' THEN 'clicks' END)
$$;--> statement-breakpoint
-- A kind's sum is null where no metric of it was summed in (a figure with nothing read is null, not 0).
INSERT INTO rollup_channel_kinds (level, bucket, channel_id, views, reach, engagement, clicks)
  SELECT r.level, r.bucket, r.channel_id, sum(r.value) FILTER (WHERE k.kind = 'views'), sum(r.value) FILTER (WHERE k.kind = 'reach'), sum(r.value) FILTER (WHERE k.kind = 'engagement'), sum(r.value) FILTER (WHERE k.kind = 'clicks')
  FROM rollup_channel_metrics r JOIN channels c ON c.id = r.channel_id CROSS JOIN LATERAL (SELECT loa_metric_kind(c.platform, r.metric) AS kind) k
  WHERE k.kind IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;--> statement-breakpoint
INSERT INTO rollup_carry_channel_kinds (month_end, value_month, channel_id, views, reach, engagement, clicks)
  SELECT r.month_end, r.value_month, r.channel_id, sum(r.value) FILTER (WHERE k.kind = 'views'), sum(r.value) FILTER (WHERE k.kind = 'reach'), sum(r.value) FILTER (WHERE k.kind = 'engagement'), sum(r.value) FILTER (WHERE k.kind = 'clicks')
  FROM rollup_carry_channel_month r JOIN channels c ON c.id = r.channel_id CROSS JOIN LATERAL (SELECT loa_metric_kind(c.platform, r.metric) AS kind) k
  WHERE k.kind IS NOT NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_add_carries(delivery_ids uuid[], metrics text[], month_ends date[], days date[], vals float8[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE leveled AS (
    SELECT x.metric, loa_metric_kind(c.platform, x.metric) AS kind, x.month_end, x.day, date_trunc('month', x.day)::date AS value_month, x.value,
      d.channel_id, d.item_id, r.theme, c.platform, c.unit_id
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
  by_channel_kinds AS (
    INSERT INTO rollup_carry_channel_kinds (month_end, value_month, channel_id, views, reach, engagement, clicks)
    SELECT month_end, value_month, channel_id, sum(value) FILTER (WHERE kind = 'views'), sum(value) FILTER (WHERE kind = 'reach'), sum(value) FILTER (WHERE kind = 'engagement'), sum(value) FILTER (WHERE kind = 'clicks')
    FROM leveled WHERE kind IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (month_end, value_month, channel_id) DO UPDATE SET views = coalesce(rollup_carry_channel_kinds.views + excluded.views, rollup_carry_channel_kinds.views, excluded.views), reach = coalesce(rollup_carry_channel_kinds.reach + excluded.reach, rollup_carry_channel_kinds.reach, excluded.reach), engagement = coalesce(rollup_carry_channel_kinds.engagement + excluded.engagement, rollup_carry_channel_kinds.engagement, excluded.engagement), clicks = coalesce(rollup_carry_channel_kinds.clicks + excluded.clicks, rollup_carry_channel_kinds.clicks, excluded.clicks)
  )
  INSERT INTO rollup_carry_item (month_end, value_month, unit_id, item_id, theme, platform, metric, value)
  SELECT l.month_end, l.value_month, up.ancestor, l.item_id, l.theme, l.platform, l.metric, sum(l.value)
  FROM leveled l JOIN up ON up.unit_id = l.unit_id
  GROUP BY l.month_end, up.ancestor, l.value_month, l.item_id, l.theme, l.platform, l.metric ORDER BY 1, 3, 2, 4, 5, 6, 7
  ON CONFLICT (month_end, unit_id, value_month, item_id, theme, platform, metric) DO UPDATE SET value = rollup_carry_item.value + excluded.value
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_carry_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_carry_channel;
  DELETE FROM rollup_carry_channel_kinds;
  DELETE FROM rollup_carry_item;
  SELECT loa_add_carries(array_agg(c.delivery_id), array_agg(c.metric), array_agg(c.month_end), array_agg(c.day), array_agg(c.value))
  FROM (
    SELECT array_agg(delivery_id) AS ids, array_agg(metric) AS metrics FROM metric_last
    WHERE date_trunc('month', first_day) <> date_trunc('month', last_day)
  ) t CROSS JOIN LATERAL loa_carries(t.ids, t.metrics) c;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_bucket_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_item_metrics;
  DELETE FROM rollup_channel_kinds;
  DELETE FROM rollup_item_published;
  DELETE FROM rollup_channel_published;
  DELETE FROM rollup_week_metrics;
  DELETE FROM metric_last;
  INSERT INTO metric_last (delivery_id, metric, first_day, last_day, value)
    -- In the primary key's order read backwards: no sort of the whole table.
    SELECT DISTINCT ON (delivery_id, metric) delivery_id, metric, min(day) OVER (PARTITION BY delivery_id, metric), day, value
    FROM metric_daily ORDER BY delivery_id DESC, metric DESC, day DESC;
  UPDATE deliveries d SET first_read_day = f.first_day
    FROM (SELECT d.id, min(ml.first_day) AS first_day FROM deliveries d LEFT JOIN metric_last ml ON ml.delivery_id = d.id GROUP BY d.id) f
    WHERE f.id = d.id AND d.first_read_day IS DISTINCT FROM f.first_day;
  INSERT INTO rollup_channel_kinds (level, bucket, channel_id, views, reach, engagement, clicks)
    SELECT b.level, b.bucket, d.channel_id, sum(ml.value) FILTER (WHERE k.kind = 'views'), sum(ml.value) FILTER (WHERE k.kind = 'reach'), sum(ml.value) FILTER (WHERE k.kind = 'engagement'), sum(ml.value) FILTER (WHERE k.kind = 'clicks')
    FROM metric_last ml
    JOIN deliveries d ON d.id = ml.delivery_id
    JOIN channels c ON c.id = d.channel_id
    CROSS JOIN LATERAL (SELECT loa_metric_kind(c.platform, ml.metric) AS kind) k
    CROSS JOIN LATERAL loa_report_buckets(ml.last_day) b
    WHERE k.kind IS NOT NULL
    GROUP BY 1, 2, 3;
  INSERT INTO rollup_item_metrics (level, bucket, unit_id, item_id, theme, platform, metric, value)
    WITH RECURSIVE up(unit_id, ancestor) AS (
      SELECT id, id FROM units
      UNION ALL
      SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
    )
    SELECT b.level, b.bucket, up.ancestor, d.item_id, r.theme, c.platform, ml.metric, sum(ml.value)
    FROM metric_last ml
    JOIN deliveries d ON d.id = ml.delivery_id
    JOIN channels c ON c.id = d.channel_id
    JOIN revisions r ON r.id = d.revision_id
    JOIN up ON up.unit_id = c.unit_id
    CROSS JOIN LATERAL loa_report_buckets(ml.last_day) b
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
  INSERT INTO rollup_channel_published (level, bucket, channel_id, deliveries)
    SELECT b.level, b.bucket, d.channel_id, count(*)::int
    FROM deliveries d CROSS JOIN LATERAL loa_report_buckets((d.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) b
    WHERE d.published_at IS NOT NULL
    GROUP BY 1, 2, 3;
  INSERT INTO rollup_item_published (level, bucket, unit_id, item_id, theme, platform, deliveries)
    WITH RECURSIVE up(unit_id, ancestor) AS (
      SELECT id, id FROM units
      UNION ALL
      SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
    )
    SELECT b.level, b.bucket, up.ancestor, d.item_id, r.theme, c.platform, count(*)::int
    FROM deliveries d
    JOIN channels c ON c.id = d.channel_id
    JOIN revisions r ON r.id = d.revision_id
    JOIN up ON up.unit_id = c.unit_id
    CROSS JOIN LATERAL loa_report_buckets((d.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) b
    WHERE d.published_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO rollup_week_metrics (unit_id, week, platform, metric, value)
    WITH RECURSIVE up(unit_id, ancestor) AS (
      SELECT id, id FROM units
      UNION ALL
      SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
    ),
    weekly AS (
      SELECT DISTINCT ON (delivery_id, metric, loa_week_of(day)) delivery_id, metric, loa_week_of(day) AS week, value
      FROM metric_daily ORDER BY delivery_id DESC, metric DESC, loa_week_of(day) DESC, day DESC
    ),
    -- Summed per owning unit first, so each ancestor adds up units, not deliveries.
    by_unit AS (
      SELECT c.unit_id, w.week, c.platform, w.metric, sum(w.value) AS value
      FROM weekly w
      JOIN deliveries d ON d.id = w.delivery_id
      JOIN channels c ON c.id = d.channel_id
      GROUP BY 1, 2, 3, 4
    )
    SELECT up.ancestor, b.week, b.platform, b.metric, sum(b.value)
    FROM by_unit b JOIN up ON up.unit_id = b.unit_id
    GROUP BY 1, 2, 3, 4;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  DELETE FROM report_published_queue;
  DELETE FROM report_push_queue;
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_kinds USING rollup_channel_kinds_level_bucket_channel_id_pk;
  CLUSTER rollup_channel_published USING rollup_channel_published_level_bucket_channel_id_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
  SELECT loa_rebuild_report_unread();
$$;--> statement-breakpoint
DROP TABLE "rollup_carry_channel_month" CASCADE;--> statement-breakpoint
DROP TABLE "rollup_channel_metrics" CASCADE;
