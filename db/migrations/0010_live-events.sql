-- Live events for the web app's server-sent event stream (server/routes/events): every
-- delivery state change and channel status change is announced on the `loa_events`
-- channel by the database itself, so it reaches the server whichever process (server or a
-- separate worker) made the change, and whatever statement made it (a single transition,
-- a batch claim or record). NOTIFY is delivered at commit, so listeners never see a
-- change that was rolled back. Statement-level triggers with transition tables: one
-- trigger call per statement, and an approval to 10,000 channels sends one notice per
-- item, not 10,000.
CREATE OR REPLACE FUNCTION loa_notify_delivery_states() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('loa_events', json_build_object(
    'type', 'delivery', 'id', n.id, 'itemId', n.item_id, 'unitId', i.unit_id, 'channelId', n.channel_id,
    'state', n.state, 'from', o.state, 'dueAt', n.due_at, 'at', n.updated_at)::text)
  FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN content_items i ON i.id = n.item_id
  WHERE n.state IS DISTINCT FROM o.state OR n.due_at IS DISTINCT FROM o.due_at;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deliveries_notify_states AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_delivery_states();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_notify_deliveries_created() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('loa_events', json_build_object(
    'type', 'deliveries_created', 'itemId', c.item_id, 'unitId', i.unit_id, 'revisionId', c.revision_id, 'count', c.n)::text)
  FROM (SELECT item_id, revision_id, count(*) AS n FROM new_rows GROUP BY item_id, revision_id) c
  JOIN content_items i ON i.id = c.item_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deliveries_notify_created AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_deliveries_created();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION loa_notify_channel_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('loa_events', json_build_object(
    'type', 'channel', 'id', n.id, 'unitId', n.unit_id, 'status', n.status, 'paused', n.paused)::text)
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.status IS DISTINCT FROM o.status OR n.paused IS DISTINCT FROM o.paused;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER channels_notify_status AFTER UPDATE ON channels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_channel_status();
