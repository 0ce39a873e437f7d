-- The channel rollup rows a report reads (one bucket for every channel of a subtree: a year's rows of a province are
-- ~15,000) lay scattered over the table as the rebuild's hash aggregation wrote them, one heap page per row. Kept in
-- key order (level, bucket, channel, metric) so a bucket's rows are contiguous; room left on each page (fillfactor)
-- so the metric store's in-place updates of a bucket's sums stay on their page (HOT) instead of moving them away.
ALTER TABLE rollup_channel_metrics SET (fillfactor = 70);--> statement-breakpoint
CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
$$;
