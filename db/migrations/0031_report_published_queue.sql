CREATE TABLE "report_published_queue" (
	"channel_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"revision_id" uuid NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
-- The published rollups (day, month, year; per channel, and per item for every unit at or above the channel's owner)
-- were upserted by a statement trigger inside each batched record: six upserts with their foreign-key checks per
-- published delivery, about a fifth of the record's database time. Now row triggers only append the change to
-- report_published_queue, and loa_drain_published() applies the queue set-based with loa_add_published. Row
-- triggers whose WHEN (and UPDATE OF) skip them for what cannot change a count: a claim, a fan-out's inserts.
CREATE OR REPLACE FUNCTION loa_count_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.published_at IS NOT NULL THEN
    INSERT INTO report_published_queue VALUES (OLD.channel_id, OLD.item_id, OLD.revision_id, OLD.published_at, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.published_at IS NOT NULL THEN
    INSERT INTO report_published_queue VALUES (NEW.channel_id, NEW.item_id, NEW.revision_id, NEW.published_at, 1);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER deliveries_count_published_insert ON deliveries;--> statement-breakpoint
DROP TRIGGER deliveries_count_published_update ON deliveries;--> statement-breakpoint
DROP TRIGGER deliveries_count_published_delete ON deliveries;--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_insert AFTER INSERT ON deliveries
  FOR EACH ROW WHEN (NEW.published_at IS NOT NULL) EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_update AFTER UPDATE OF published_at, channel_id, item_id, revision_id ON deliveries
  FOR EACH ROW WHEN ((OLD.published_at, OLD.channel_id, OLD.item_id, OLD.revision_id) IS DISTINCT FROM (NEW.published_at, NEW.channel_id, NEW.item_id, NEW.revision_id))
  EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
CREATE TRIGGER deliveries_count_published_delete AFTER DELETE ON deliveries
  FOR EACH ROW WHEN (OLD.published_at IS NOT NULL) EXECUTE FUNCTION loa_count_published();--> statement-breakpoint
-- Applies and empties the queue. Drainers take turns under one advisory lock, so a report read that drains sees
-- every change committed before it: one that finds the queue empty returns at once, and rows another drainer has
-- taken but not committed still look queued, so it waits for that drainer instead of reading around its work.
-- Rows of a channel or revision deleted since drop out in loa_add_published's joins, as the cascade dropped their counts.
CREATE FUNCTION loa_drain_published() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  channel_ids uuid[]; item_ids uuid[]; revision_ids uuid[]; published_ats timestamptz[]; ns int[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM report_published_queue) THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  WITH taken AS (DELETE FROM report_published_queue RETURNING *)
  SELECT array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(n)
  INTO channel_ids, item_ids, revision_ids, published_ats, ns FROM taken;
  IF channel_ids IS NOT NULL THEN
    PERFORM loa_add_published(channel_ids, item_ids, revision_ids, published_ats, ns);
  END IF;
END $$;--> statement-breakpoint
-- A rebuild counts every publication from deliveries: what was queued before it is in there already.
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  DELETE FROM report_published_queue;
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
  SELECT loa_rebuild_report_unread();
$$;
