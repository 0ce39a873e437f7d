CREATE TYPE "public"."activity_type" AS ENUM('radio', 'television', 'print', 'loudspeaker', 'banner', 'poster', 'leaflet', 'conference');--> statement-breakpoint
CREATE TYPE "public"."report_state" AS ENUM('draft', 'submitted', 'received', 'returned');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('province', 'department', 'district', 'commune', 'team', 'unit');--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"type" "activity_type" NOT NULL,
	"occurred_on" date NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"estimated_audience" integer,
	"proof_media_id" uuid,
	"item_id" uuid,
	"link_id" uuid,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_last" (
	"delivery_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "metric_last_delivery_id_metric_pk" PRIMARY KEY("delivery_id","metric")
);
--> statement-breakpoint
CREATE TABLE "rollup_channel_metrics" (
	"level" text NOT NULL,
	"bucket" date NOT NULL,
	"channel_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_channel_metrics_level_bucket_channel_id_metric_pk" PRIMARY KEY("level","bucket","channel_id","metric")
);
--> statement-breakpoint
CREATE TABLE "rollup_item_metrics" (
	"level" text NOT NULL,
	"bucket" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"theme" "theme" NOT NULL,
	"platform" "platform" NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "rollup_item_metrics_level_bucket_unit_id_item_id_theme_platform_metric_pk" PRIMARY KEY("level","bucket","unit_id","item_id","theme","platform","metric")
);
--> statement-breakpoint
CREATE TABLE "unit_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"period_kind" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"state" "report_state" DEFAULT 'draft' NOT NULL,
	"narrative" jsonb NOT NULL,
	"weights" jsonb NOT NULL,
	"snapshot" jsonb,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"return_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "kind" DROP DEFAULT;--> statement-breakpoint
-- Backfill: unit kinds were free text; map the usual Vietnamese and English words onto the fixed list, anything else to "unit".
UPDATE "units" SET "kind" = CASE
  WHEN lower(trim("kind")) IN ('province', 'department', 'district', 'commune', 'team', 'unit') THEN lower(trim("kind"))
  WHEN lower(trim("kind")) IN ('tỉnh', 'tinh', 'thành phố trực thuộc trung ương') THEN 'province'
  WHEN lower(trim("kind")) IN ('phòng', 'phong', 'dept', 'division') THEN 'department'
  WHEN lower(trim("kind")) IN ('huyện', 'huyen', 'quận', 'quan', 'thị xã') THEN 'district'
  WHEN lower(trim("kind")) IN ('xã', 'xa', 'phường', 'phuong', 'thị trấn', 'đặc khu', 'ward') THEN 'commune'
  WHEN lower(trim("kind")) IN ('tổ', 'to', 'đội', 'doi') THEN 'team'
  ELSE 'unit' END;--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "kind" SET DATA TYPE "public"."unit_kind" USING "kind"::"public"."unit_kind";--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "kind" SET DEFAULT 'unit'::"public"."unit_kind";--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_proof_media_id_media_id_fk" FOREIGN KEY ("proof_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_link_id_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_last" ADD CONSTRAINT "metric_last_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_channel_metrics" ADD CONSTRAINT "rollup_channel_metrics_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_item_metrics" ADD CONSTRAINT "rollup_item_metrics_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_item_metrics" ADD CONSTRAINT "rollup_item_metrics_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_unit_day_idx" ON "activities" USING btree ("unit_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_reports_unit_period_key" ON "unit_reports" USING btree ("unit_id","period_from","period_to");--> statement-breakpoint
CREATE INDEX "unit_reports_state_idx" ON "unit_reports" USING btree ("state") WHERE state <> 'draft';--> statement-breakpoint
CREATE INDEX "deliveries_published_idx" ON "deliveries" USING btree ("published_at","channel_id","item_id") WHERE "deliveries"."published_at" is not null;--> statement-breakpoint
-- Deliveries whose readings span a period's end are found by stabbing this range (core/reports/figures.ts).
CREATE INDEX "metric_last_span_idx" ON "metric_last" USING gist (daterange("first_day", "last_day", '[]'));--> statement-breakpoint
-- Rebuilds metric_last and the report rollups from metric_daily, set-based. Run by this
-- migration (backfill), after a unit moves (item rollups are kept per ancestor unit) and by
-- the bench after loading samples. core/metrics/store.ts keeps them up to date in between.
CREATE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_item_metrics;
  DELETE FROM rollup_channel_metrics;
  DELETE FROM metric_last;
  INSERT INTO metric_last (delivery_id, metric, first_day, last_day, value)
    SELECT DISTINCT ON (delivery_id, metric) delivery_id, metric, min(day) OVER (PARTITION BY delivery_id, metric), day, value
    FROM metric_daily ORDER BY delivery_id, metric, day DESC;
  INSERT INTO rollup_channel_metrics (level, bucket, channel_id, metric, value)
    SELECT b.level, b.bucket, d.channel_id, ml.metric, sum(ml.value)
    FROM metric_last ml
    JOIN deliveries d ON d.id = ml.delivery_id
    CROSS JOIN LATERAL (VALUES ('day', ml.last_day), ('month', date_trunc('month', ml.last_day)::date), ('year', date_trunc('year', ml.last_day)::date)) b(level, bucket)
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
    CROSS JOIN LATERAL (VALUES ('day', ml.last_day), ('month', date_trunc('month', ml.last_day)::date), ('year', date_trunc('year', ml.last_day)::date)) b(level, bucket)
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
$$;--> statement-breakpoint
SELECT loa_rebuild_report_rollups();
