CREATE INDEX "deliveries_unsettled_idx" ON "deliveries" USING btree ("state") WHERE "deliveries"."state" in ('processing', 'unconfirmed', 'needs_reconnect');--> statement-breakpoint
-- The published rollups' trigger runs after every UPDATE of deliveries, and each batched claim or record is one. It
-- called loa_add_published even when no row's publication changed (every claim), and as a SQL function that call was
-- planned afresh each time (~1.5–2 ms of planning for nothing): now the function is called only with rows, and is
-- PL/pgSQL with one generic plan per session (its arrays are parameters; the plan does not depend on their contents).
CREATE OR REPLACE FUNCTION loa_add_published(channel_ids uuid[], item_ids uuid[], revision_ids uuid[], published_ats timestamptz[], ns int[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
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
  ON CONFLICT (level, bucket, unit_id, item_id, theme, platform) DO UPDATE SET deliveries = rollup_item_published.deliveries + excluded.deliveries;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_count_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM loa_add_published(array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(1))
    FROM new_rows WHERE published_at IS NOT NULL HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loa_add_published(array_agg(channel_id), array_agg(item_id), array_agg(revision_id), array_agg(published_at), array_agg(-1))
    FROM old_rows WHERE published_at IS NOT NULL HAVING count(*) > 0;
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
    ) x
    HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;
