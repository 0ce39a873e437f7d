CREATE TABLE "rollup_channel_published" (
	"level" text NOT NULL,
	"bucket" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"deliveries" integer NOT NULL,
	CONSTRAINT "rollup_channel_published_level_bucket_channel_id_pk" PRIMARY KEY("level","bucket","channel_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_item_published" (
	"level" text NOT NULL,
	"bucket" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"theme" "theme" NOT NULL,
	"platform" "platform" NOT NULL,
	"deliveries" integer NOT NULL,
	CONSTRAINT "rollup_item_published_level_bucket_unit_id_item_id_theme_platform_pk" PRIMARY KEY("level","bucket","unit_id","item_id","theme","platform")
);
--> statement-breakpoint
CREATE TABLE "rollup_week_metrics" (
	"unit_id" uuid NOT NULL,
	"week" date NOT NULL,
	"platform" "platform" NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_week_metrics_unit_id_week_platform_metric_pk" PRIMARY KEY("unit_id","week","platform","metric")
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "first_read_day" date;--> statement-breakpoint
ALTER TABLE "rollup_channel_published" ADD CONSTRAINT "rollup_channel_published_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_item_published" ADD CONSTRAINT "rollup_item_published_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_item_published" ADD CONSTRAINT "rollup_item_published_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_week_metrics" ADD CONSTRAINT "rollup_week_metrics_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_unread_idx" ON "deliveries" USING btree ("published_at") WHERE "deliveries"."published_at" is not null and ("deliveries"."first_read_day" is null or "deliveries"."first_read_day" <> ("deliveries"."published_at" at time zone 'Asia/Ho_Chi_Minh')::date);--> statement-breakpoint
-- The Monday of a Vietnam day's week, and the buckets (day, month, year) a day falls in.
CREATE FUNCTION loa_week_of(day date) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT day - (extract(isodow FROM day)::int - 1) $$;--> statement-breakpoint
CREATE FUNCTION loa_report_buckets(day date) RETURNS TABLE (level text, bucket date) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('day', day), ('month', date_trunc('month', day)::date), ('year', date_trunc('year', day)::date)
$$;--> statement-breakpoint
-- Adds n (1 or -1) published deliveries to the buckets of their Vietnam publishing day, per
-- channel and per item for every unit at or above the channel's owner. Rows are written in
-- key order so concurrent statements lock them in the same order.
CREATE FUNCTION loa_add_published(channel_ids uuid[], item_ids uuid[], revision_ids uuid[], published_ats timestamptz[], ns int[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE leveled AS (
    SELECT x.channel_id, x.item_id, x.n, c.unit_id, c.platform, r.theme, b.level, b.bucket
    FROM unnest(channel_ids, item_ids, revision_ids, published_ats, ns) x(channel_id, item_id, revision_id, published_at, n)
    JOIN channels c ON c.id = x.channel_id
    JOIN revisions r ON r.id = x.revision_id
    CROSS JOIN LATERAL loa_report_buckets((x.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) b
  ),
  up(unit_id, ancestor) AS (
    SELECT DISTINCT unit_id, unit_id FROM leveled
    UNION ALL
    SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
  ),
  by_channel AS (
    INSERT INTO rollup_channel_published (level, bucket, channel_id, deliveries)
    SELECT level, bucket, channel_id, sum(n)::int FROM leveled GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (level, bucket, channel_id) DO UPDATE SET deliveries = rollup_channel_published.deliveries + excluded.deliveries
  )
  INSERT INTO rollup_item_published (level, bucket, unit_id, item_id, theme, platform, deliveries)
  SELECT l.level, l.bucket, up.ancestor, l.item_id, l.theme, l.platform, sum(l.n)::int
  FROM leveled l JOIN up ON up.unit_id = l.unit_id
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (level, bucket, unit_id, item_id, theme, platform) DO UPDATE SET deliveries = rollup_item_published.deliveries + excluded.deliveries
$$;--> statement-breakpoint
-- Keeps the published rollups in step with deliveries, one call per statement (an approval
-- to 10,000 channels or a batch of publications is one set-based update).
CREATE FUNCTION loa_count_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM loa_add_published(array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(1))
    FROM new_rows WHERE published_at IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loa_add_published(array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(-1))
    FROM old_rows WHERE published_at IS NOT NULL;
  ELSE
    PERFORM loa_add_published(array_agg(x.channel_id), array_agg(x.item_id), array_agg(x.revision_id), array_agg(x.published_at), array_agg(x.n))
    FROM (
      SELECT o.channel_id, o.item_id, o.revision_id, o.published_at, -1 AS n
      FROM old_rows o JOIN new_rows w ON w.id = o.id
      WHERE o.published_at IS NOT NULL AND (o.published_at, o.channel_id, o.item_id, o.revision_id) IS DISTINCT FROM (w.published_at, w.channel_id, w.item_id, w.revision_id)
      UNION ALL
      SELECT w.channel_id, w.item_id, w.revision_id, w.published_at, 1
      FROM old_rows o JOIN new_rows w ON w.id = o.id
      WHERE w.published_at IS NOT NULL AND (o.published_at, o.channel_id, o.item_id, o.revision_id) IS DISTINCT FROM (w.published_at, w.channel_id, w.item_id, w.revision_id)
    ) x;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_insert AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_update AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_delete AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
-- Rebuilds every report rollup set-based (migration backfill, after a unit moves, the bench
-- after loading): metric_last, the metric rollups, deliveries' first reading day, the
-- published rollups and the weekly trend's. core/metrics/store.ts and the trigger above keep
-- them up to date in between.
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_item_metrics;
  DELETE FROM rollup_channel_metrics;
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
  INSERT INTO rollup_channel_metrics (level, bucket, channel_id, metric, value)
    SELECT b.level, b.bucket, d.channel_id, ml.metric, sum(ml.value)
    FROM metric_last ml
    JOIN deliveries d ON d.id = ml.delivery_id
    CROSS JOIN LATERAL loa_report_buckets(ml.last_day) b
    GROUP BY 1, 2, 3, 4;
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
SELECT loa_rebuild_report_rollups();
