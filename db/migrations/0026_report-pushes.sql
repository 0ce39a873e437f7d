CREATE TABLE "rollup_unit_coverage" (
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"item_id" uuid NOT NULL,
	"commune_id" uuid NOT NULL,
	"received" integer NOT NULL,
	CONSTRAINT "rollup_unit_coverage_unit_id_day_item_id_commune_id_pk" PRIMARY KEY("unit_id","day","item_id","commune_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_unit_pushes" (
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"item_id" uuid NOT NULL,
	"due" integer NOT NULL,
	"pushes" integer NOT NULL,
	"on_time" integer NOT NULL,
	"late" integer NOT NULL,
	"missed" integer NOT NULL,
	"awaiting" integer NOT NULL,
	"scheduled" integer NOT NULL,
	"cancelled" integer NOT NULL,
	"reach" double precision NOT NULL,
	"clicks" double precision NOT NULL,
	CONSTRAINT "rollup_unit_pushes_unit_id_day_item_id_pk" PRIMARY KEY("unit_id","day","item_id")
);
--> statement-breakpoint
ALTER TABLE "rollup_unit_coverage" ADD CONSTRAINT "rollup_unit_coverage_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_unit_coverage" ADD CONSTRAINT "rollup_unit_coverage_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_unit_coverage" ADD CONSTRAINT "rollup_unit_coverage_commune_id_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_unit_pushes" ADD CONSTRAINT "rollup_unit_pushes_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_unit_pushes" ADD CONSTRAINT "rollup_unit_pushes_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Adds deliveries to the push rollups, for every unit at or above the channel's owner: n (1, -1,
-- or 0 to move only reach or clicks) counts them by state; reach and clicks are added as given
-- (signed) where they count — reach for done pushes into groups, clicks for any push into groups.
-- Coverage rows go to the commune the group belongs to (the nearest commune at or above its owner)
-- and the units at or above that commune. Rows are written in key order.
CREATE FUNCTION loa_add_pushes(channel_ids uuid[], item_ids uuid[], due_ats timestamptz[], states text[], lates boolean[], reaches float8[], clicks float8[], ns int[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE x AS (
    SELECT c.unit_id, t.item_id, (t.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, t.n, t.state, coalesce(t.late, false) AS late,
      t.reach, t.clicks, c.platform = 'zalo_group_manual' AS manual, t.state IN ('published', 'taken_down') AS done
    FROM unnest(channel_ids, item_ids, due_ats, states, lates, reaches, clicks, ns) t(channel_id, item_id, due_at, state, late, reach, clicks, n)
    JOIN channels c ON c.id = t.channel_id
  ),
  up(unit_id, ancestor, depth) AS (
    SELECT DISTINCT unit_id, unit_id, 0 FROM x
    UNION ALL
    SELECT up.unit_id, u.parent_id, up.depth + 1 FROM up JOIN units u ON u.id = up.ancestor WHERE u.parent_id IS NOT NULL
  ),
  commune AS (
    SELECT DISTINCT ON (up.unit_id) up.unit_id, up.ancestor AS commune_id, up.depth
    FROM up JOIN units u ON u.id = up.ancestor WHERE u.kind = 'commune' ORDER BY up.unit_id, up.depth
  ),
  coverage AS (
    INSERT INTO rollup_unit_coverage (unit_id, day, item_id, commune_id, received)
    SELECT up.ancestor, x.day, x.item_id, co.commune_id, sum(x.n)::int
    FROM x JOIN commune co ON co.unit_id = x.unit_id JOIN up ON up.unit_id = x.unit_id AND up.depth >= co.depth
    WHERE x.manual AND x.done AND x.n <> 0
    GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (unit_id, day, item_id, commune_id) DO UPDATE SET received = rollup_unit_coverage.received + excluded.received
  ),
  sums AS (
    SELECT up.ancestor AS unit_id, x.day, x.item_id,
      coalesce(sum(x.n) FILTER (WHERE x.state <> 'cancelled'), 0)::int AS due,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.state <> 'cancelled'), 0)::int AS pushes,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.done AND NOT x.late), 0)::int AS on_time,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.done AND x.late), 0)::int AS late,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.state = 'missed'), 0)::int AS missed,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.state = 'awaiting_officer'), 0)::int AS awaiting,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.state NOT IN ('published', 'taken_down', 'missed', 'awaiting_officer', 'cancelled')), 0)::int AS scheduled,
      coalesce(sum(x.n) FILTER (WHERE x.manual AND x.state = 'cancelled'), 0)::int AS cancelled,
      coalesce(sum(x.reach) FILTER (WHERE x.manual AND x.done), 0)::float8 AS reach,
      coalesce(sum(x.clicks) FILTER (WHERE x.manual), 0)::float8 AS clicks
    FROM x JOIN up ON up.unit_id = x.unit_id
    GROUP BY 1, 2, 3
  )
  INSERT INTO rollup_unit_pushes (unit_id, day, item_id, due, pushes, on_time, late, missed, awaiting, scheduled, cancelled, reach, clicks)
  SELECT * FROM sums
  WHERE (due, pushes, on_time, late, missed, awaiting, scheduled, cancelled, reach, clicks) <> (0, 0, 0, 0, 0, 0, 0, 0, 0::float8, 0::float8)
  ORDER BY 1, 2, 3
  ON CONFLICT (unit_id, day, item_id) DO UPDATE SET
    due = rollup_unit_pushes.due + excluded.due, pushes = rollup_unit_pushes.pushes + excluded.pushes,
    on_time = rollup_unit_pushes.on_time + excluded.on_time, late = rollup_unit_pushes.late + excluded.late,
    missed = rollup_unit_pushes.missed + excluded.missed, awaiting = rollup_unit_pushes.awaiting + excluded.awaiting,
    scheduled = rollup_unit_pushes.scheduled + excluded.scheduled, cancelled = rollup_unit_pushes.cancelled + excluded.cancelled,
    reach = rollup_unit_pushes.reach + excluded.reach, clicks = rollup_unit_pushes.clicks + excluded.clicks
$$;--> statement-breakpoint
-- A delivery's recorded members and its links' clicks, as they are now.
CREATE FUNCTION loa_push_extras(delivery_id uuid, OUT reach float8, OUT clicks float8) LANGUAGE sql STABLE AS $$
  SELECT (SELECT coalesce(sum(member_count), 0)::float8 FROM manual_confirmations WHERE manual_confirmations.delivery_id = $1),
    (SELECT coalesce(sum(k.clicks), 0)::float8 FROM links l JOIN link_clicks k ON k.link_id = l.id WHERE l.delivery_id = $1)
$$;--> statement-breakpoint
-- Keeps the push rollups in step with deliveries, one call per statement. An update moves a
-- delivery only when something counted changes: its channel, item, due time, or — for a group,
-- or into or out of cancelled — its state or lateness; publishing a page post moves nothing.
CREATE FUNCTION loa_count_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM loa_add_pushes(array_agg(channel_id), array_agg(item_id), array_agg(due_at), array_agg(state::text), array_agg(late), array_agg(0::float8), array_agg(0::float8), array_agg(1))
    FROM new_rows HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    -- Reach and clicks went out row by row before the confirmations and links were cascaded (loa_uncount_push_extras).
    PERFORM loa_add_pushes(array_agg(channel_id), array_agg(item_id), array_agg(due_at), array_agg(state::text), array_agg(late), array_agg(0::float8), array_agg(0::float8), array_agg(-1))
    FROM old_rows HAVING count(*) > 0;
  ELSE
    PERFORM loa_add_pushes(array_agg(x.channel_id), array_agg(x.item_id), array_agg(x.due_at), array_agg(x.state), array_agg(x.late), array_agg(x.n * e.reach), array_agg(x.n * e.clicks), array_agg(x.n))
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
    ) x CROSS JOIN LATERAL loa_push_extras(x.id) e
    HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER deliveries_count_pushes_insert AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_pushes();--> statement-breakpoint
CREATE TRIGGER deliveries_count_pushes_update AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_pushes();--> statement-breakpoint
CREATE TRIGGER deliveries_count_pushes_delete AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_pushes();--> statement-breakpoint
-- A deleted delivery's reach and clicks, taken out while its confirmation and links still point at it.
CREATE FUNCTION loa_uncount_push_extras() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM loa_add_pushes(ARRAY[OLD.channel_id], ARRAY[OLD.item_id], ARRAY[OLD.due_at], ARRAY[OLD.state::text], ARRAY[OLD.late], ARRAY[-e.reach], ARRAY[-e.clicks], ARRAY[0])
  FROM loa_push_extras(OLD.id) e WHERE e.reach <> 0 OR e.clicks <> 0;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE TRIGGER deliveries_uncount_push_extras BEFORE DELETE ON deliveries FOR EACH ROW EXECUTE FUNCTION loa_uncount_push_extras();--> statement-breakpoint
-- Adds reach and clicks (signed) to the pushes of the deliveries given, in their current state.
CREATE FUNCTION loa_add_push_extras(delivery_ids uuid[], reaches float8[], clicks float8[]) RETURNS void LANGUAGE sql AS $$
  SELECT loa_add_pushes(array_agg(d.channel_id), array_agg(d.item_id), array_agg(d.due_at), array_agg(d.state::text), array_agg(d.late), array_agg(x.reach), array_agg(x.clicks), array_agg(0))
  FROM (
    SELECT t.delivery_id, sum(t.reach)::float8 AS reach, sum(t.clicks)::float8 AS clicks
    FROM unnest(delivery_ids, reaches, clicks) t(delivery_id, reach, clicks) WHERE t.delivery_id IS NOT NULL GROUP BY 1
  ) x JOIN deliveries d ON d.id = x.delivery_id
  WHERE x.reach <> 0 OR x.clicks <> 0
  HAVING count(*) > 0
$$;--> statement-breakpoint
-- Reach follows the officers' confirmations (members recorded), per statement.
CREATE FUNCTION loa_count_push_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM loa_add_push_extras(array_agg(delivery_id), array_agg(coalesce(member_count, 0)::float8), array_agg(0::float8)) FROM new_rows HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loa_add_push_extras(array_agg(delivery_id), array_agg(-coalesce(member_count, 0)::float8), array_agg(0::float8)) FROM old_rows HAVING count(*) > 0;
  ELSE
    PERFORM loa_add_push_extras(array_agg(x.delivery_id), array_agg(x.reach), array_agg(0::float8))
    FROM (
      SELECT delivery_id, coalesce(member_count, 0)::float8 AS reach FROM new_rows
      UNION ALL
      SELECT delivery_id, -coalesce(member_count, 0)::float8 FROM old_rows
    ) x HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER manual_confirmations_count_reach_insert AFTER INSERT ON manual_confirmations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_reach();--> statement-breakpoint
CREATE TRIGGER manual_confirmations_count_reach_update AFTER UPDATE ON manual_confirmations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_reach();--> statement-breakpoint
CREATE TRIGGER manual_confirmations_count_reach_delete AFTER DELETE ON manual_confirmations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_reach();--> statement-breakpoint
-- Clicks follow the tracked links' daily counts (links keep the delivery they were made for).
CREATE FUNCTION loa_count_push_clicks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM loa_add_push_extras(array_agg(l.delivery_id), array_agg(0::float8), array_agg(n.clicks::float8)) FROM new_rows n JOIN links l ON l.id = n.link_id HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loa_add_push_extras(array_agg(l.delivery_id), array_agg(0::float8), array_agg(-o.clicks::float8)) FROM old_rows o JOIN links l ON l.id = o.link_id HAVING count(*) > 0;
  ELSE
    PERFORM loa_add_push_extras(array_agg(l.delivery_id), array_agg(0::float8), array_agg(x.clicks))
    FROM (
      SELECT link_id, clicks::float8 AS clicks FROM new_rows
      UNION ALL
      SELECT link_id, -clicks::float8 FROM old_rows
    ) x JOIN links l ON l.id = x.link_id HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER link_clicks_count_pushes_insert AFTER INSERT ON link_clicks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_clicks();--> statement-breakpoint
CREATE TRIGGER link_clicks_count_pushes_update AFTER UPDATE ON link_clicks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_clicks();--> statement-breakpoint
CREATE TRIGGER link_clicks_count_pushes_delete AFTER DELETE ON link_clicks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loa_count_push_clicks();--> statement-breakpoint
-- Rebuilds the push rollups from deliveries, confirmations and link clicks.
CREATE FUNCTION loa_rebuild_push_rollups() RETURNS void LANGUAGE sql AS $$
  DELETE FROM rollup_unit_pushes;
  DELETE FROM rollup_unit_coverage;
  SELECT loa_add_pushes(array_agg(d.channel_id), array_agg(d.item_id), array_agg(d.due_at), array_agg(d.state::text), array_agg(d.late),
    array_agg(coalesce(mc.member_count, 0)::float8), array_agg(coalesce(k.clicks, 0)), array_agg(1))
  FROM deliveries d
  LEFT JOIN manual_confirmations mc ON mc.delivery_id = d.id
  LEFT JOIN (SELECT l.delivery_id, sum(k.clicks)::float8 AS clicks FROM links l JOIN link_clicks k ON k.link_id = l.id GROUP BY 1) k ON k.delivery_id = d.id;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_rebuild_report_rollups() RETURNS void LANGUAGE sql AS $$
  SELECT loa_rebuild_bucket_rollups();
  SELECT loa_rebuild_carry_rollups();
  SELECT loa_rebuild_push_rollups();
$$;--> statement-breakpoint
SELECT loa_rebuild_push_rollups();
