-- The published counts a report reads (one bucket for every channel of a subtree: a province-year's 6,003 rows) lay
-- three to a heap page across the table, as the rebuild's hash aggregation and the triggers wrote them (1,856 pages
-- for those 6,003 rows on the bench's province). Kept in key order (level, bucket, channel) like the channel metric
-- rollups (0027): CLUSTER now and after every rebuild, fillfactor 70 so in-place updates stay on their page (HOT).
ALTER TABLE rollup_channel_published SET (fillfactor = 70);--> statement-breakpoint
CLUSTER rollup_channel_published USING rollup_channel_published_level_bucket_channel_id_pk;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  DELETE FROM report_published_queue;
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;
  CLUSTER rollup_channel_published USING rollup_channel_published_level_bucket_channel_id_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
  SELECT loa_rebuild_report_unread();
$$;
