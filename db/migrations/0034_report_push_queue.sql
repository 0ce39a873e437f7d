CREATE TABLE "report_push_queue" (
	"channel_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"late" boolean NOT NULL,
	"reach" double precision NOT NULL,
	"clicks" double precision NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
-- The push rollups (migration 0026) were upserted inside the statement that changed deliveries: loa_add_pushes over
-- all 10,000 rows of a fan-out's insert (~75 ms of approving one item), and in the worker's batched record. Now the
-- triggers only append loa_add_pushes's arguments to report_push_queue, and loa_drain_report_queues() applies this
-- queue with the published one (0031), under the same lock, before every report read of either and every minute.
-- What the triggers queue is what they added before: reach and clicks are still read when the change happens.
CREATE OR REPLACE FUNCTION loa_count_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_push_queue SELECT channel_id, item_id, due_at, state::text, late, 0, 0, 1 FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    -- Reach and clicks went out row by row before the confirmations and links were cascaded (loa_uncount_push_extras).
    INSERT INTO report_push_queue SELECT channel_id, item_id, due_at, state::text, late, 0, 0, -1 FROM old_rows;
  ELSE
    INSERT INTO report_push_queue
    SELECT x.channel_id, x.item_id, x.due_at, x.state, x.late, x.n * e.reach, x.n * e.clicks, x.n
    FROM (
      SELECT o.id, o.channel_id, o.item_id, o.due_at, o.state::text AS state, o.late, -1 AS n
      FROM old_rows o JOIN new_rows w ON w.id = o.id
      WHERE (o.channel_id, o.item_id, o.due_at) IS DISTINCT FROM (w.channel_id, w.item_id, w.due_at)
        OR (o.state = 'cancelled') <> (w.state = 'cancelled')
        OR ((o.state, o.late) IS DISTINCT FROM (w.state, w.late) AND EXISTS (SELECT 1 FROM channels c WHERE c.id = w.channel_id AND c.platform = 'zalo_group_manual'))
      UNION ALL
      SELECT w.id, w.channel_id, w.item_id, w.due_at, w.state::text, w.late, 1
      FROM old_rows o JOIN new_rows w ON w.id = o.id
      WHERE (o.channel_id, o.item_id, o.due_at) IS DISTINCT FROM (w.channel_id, w.item_id, w.due_at)
        OR (o.state = 'cancelled') <> (w.state = 'cancelled')
        OR ((o.state, o.late) IS DISTINCT FROM (w.state, w.late) AND EXISTS (SELECT 1 FROM channels c WHERE c.id = w.channel_id AND c.platform = 'zalo_group_manual'))
    ) x CROSS JOIN LATERAL loa_push_extras(x.id) e;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_uncount_push_extras() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_push_queue
  SELECT OLD.channel_id, OLD.item_id, OLD.due_at, OLD.state::text, OLD.late, -e.reach, -e.clicks, 0
  FROM loa_push_extras(OLD.id) e WHERE e.reach <> 0 OR e.clicks <> 0;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_add_push_extras(delivery_ids uuid[], reaches float8[], clicks float8[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO report_push_queue
  SELECT d.channel_id, d.item_id, d.due_at, d.state::text, d.late, x.reach, x.clicks, 0
  FROM (
    SELECT t.delivery_id, sum(t.reach)::float8 AS reach, sum(t.clicks)::float8 AS clicks
    FROM unnest(delivery_ids, reaches, clicks) t(delivery_id, reach, clicks) WHERE t.delivery_id IS NOT NULL GROUP BY 1
  ) x JOIN deliveries d ON d.id = x.delivery_id
  WHERE x.reach <> 0 OR x.clicks <> 0
$$;--> statement-breakpoint
-- Applies and empties both queues. Drainers take turns under one advisory lock, so a report read that drains sees
-- every change committed before it: one that finds both queues empty returns at once, and rows another drainer has
-- taken but not committed still look queued, so it waits for that drainer instead of reading around its work.
-- Pushes of an item deleted since are left out: the cascade took its rollup rows (and their foreign key would refuse
-- them). Channels are not deleted while they have deliveries (restrict), so each queued channel is still there.
CREATE FUNCTION loa_drain_report_queues() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  channel_ids uuid[]; item_ids uuid[]; revision_ids uuid[]; published_ats timestamptz[]; ns int[];
  due_ats timestamptz[]; states text[]; lates boolean[]; reaches float8[]; clicks float8[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM report_published_queue) AND NOT EXISTS (SELECT 1 FROM report_push_queue) THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  WITH taken AS (DELETE FROM report_published_queue RETURNING *)
  SELECT array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(n)
  INTO channel_ids, item_ids, revision_ids, published_ats, ns FROM taken;
  IF channel_ids IS NOT NULL THEN
    PERFORM loa_add_published(channel_ids, item_ids, revision_ids, published_ats, ns);
  END IF;
  WITH taken AS (DELETE FROM report_push_queue RETURNING *)
  SELECT array_agg(t.channel_id), array_agg(t.item_id), array_agg(t.due_at), array_agg(t.state), array_agg(t.late), array_agg(t.reach), array_agg(t.clicks), array_agg(t.n)
  INTO channel_ids, item_ids, due_ats, states, lates, reaches, clicks, ns
  FROM taken t WHERE EXISTS (SELECT 1 FROM content_items i WHERE i.id = t.item_id);
  IF channel_ids IS NOT NULL THEN
    PERFORM loa_add_pushes(channel_ids, item_ids, due_ats, states, lates, reaches, clicks, ns);
  END IF;
END $$;--> statement-breakpoint
DROP FUNCTION loa_drain_published();--> statement-breakpoint
-- A rebuild counts everything from deliveries, confirmations and clicks: what was queued before it is in there already.
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('loa:report_published_queue'));
  DELETE FROM report_published_queue;
  DELETE FROM report_push_queue;
  SELECT loa_rebuild_bucket_rollups();
  CLUSTER rollup_channel_metrics USING rollup_channel_metrics_level_bucket_channel_id_metric_pk;
  CLUSTER rollup_channel_published USING rollup_channel_published_level_bucket_channel_id_pk;
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
  SELECT loa_rebuild_report_unread();
$$;
