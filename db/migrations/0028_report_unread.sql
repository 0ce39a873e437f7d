CREATE TABLE "report_unread" (
	"delivery_id" uuid PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "deliveries_unread_idx";--> statement-breakpoint
ALTER TABLE "report_unread" ADD CONSTRAINT "report_unread_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_unread_published_idx" ON "report_unread" USING btree ("published_at");--> statement-breakpoint
-- Whether a delivery belongs in report_unread: published, not read on its Vietnam publishing day, on a platform Loa
-- reads figures from. The platforms are core/reports/published.ts's READ_PLATFORMS (those with a kind in
-- core/metrics/kinds.ts); report.test.ts checks the two lists agree.
CREATE FUNCTION loa_report_unread(published_at timestamptz, first_read_day date, platform platform) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT published_at IS NOT NULL
    AND (first_read_day IS NULL OR first_read_day <> (published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
    AND platform IN ('facebook_page', 'youtube_channel', 'wordpress', 'site');
$$;--> statement-breakpoint
CREATE FUNCTION loa_track_report_unread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM report_unread WHERE delivery_id = OLD.id;
  END IF;
  INSERT INTO report_unread (delivery_id, published_at)
    SELECT NEW.id, NEW.published_at FROM channels c
    WHERE c.id = NEW.channel_id AND loa_report_unread(NEW.published_at, NEW.first_read_day, c.platform);
  RETURN NULL;
END $$;--> statement-breakpoint
-- Row triggers whose WHEN skips the function for what cannot change membership: a fan-out's inserts (not published)
-- and the publishing path's state updates.
CREATE TRIGGER deliveries_report_unread_insert AFTER INSERT ON deliveries
  FOR EACH ROW WHEN (NEW.published_at IS NOT NULL) EXECUTE FUNCTION loa_track_report_unread();--> statement-breakpoint
CREATE TRIGGER deliveries_report_unread_update AFTER UPDATE OF published_at, first_read_day, channel_id ON deliveries
  FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.first_read_day IS DISTINCT FROM NEW.first_read_day OR OLD.channel_id IS DISTINCT FROM NEW.channel_id)
  EXECUTE FUNCTION loa_track_report_unread();--> statement-breakpoint
CREATE FUNCTION loa_rebuild_report_unread() RETURNS void LANGUAGE sql AS $$
  DELETE FROM report_unread;
  INSERT INTO report_unread (delivery_id, published_at)
    SELECT d.id, d.published_at FROM deliveries d JOIN channels c ON c.id = d.channel_id
    WHERE loa_report_unread(d.published_at, d.first_read_day, c.platform);
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
  SELECT loa_rebuild_report_unread();
$$;--> statement-breakpoint
SELECT loa_rebuild_report_unread();
