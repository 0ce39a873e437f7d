-- The public site keeps rendered pages in each server process's memory
-- (server/site/page-cache.ts). Whatever changes a page is announced on `loa_site` by the
-- database itself, so the notice reaches every server whichever process made the change
-- (the worker publishes and takes down) and whatever statement made it. NOTIFY is
-- delivered at commit; identical notices of one transaction are folded into one.
-- Statement-level triggers: one notice per statement, not per row.
CREATE OR REPLACE FUNCTION loa_notify_site_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('loa_site', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Articles published, corrected (a newer revision) or taken down.
CREATE TRIGGER site_articles_notify_changed AFTER INSERT OR UPDATE OR DELETE ON site_articles
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_site_changed();
--> statement-breakpoint
-- Unit names and the unit tree (unit pages, the home page's unit list).
CREATE TRIGGER units_notify_site_changed AFTER UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_site_changed();
--> statement-breakpoint
-- An article's images: ready or not, their alternative text.
CREATE TRIGGER media_notify_site_changed AFTER UPDATE OR DELETE ON media
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_site_changed();
--> statement-breakpoint
-- A YouTube video entering or leaving `published` appears in, or leaves, the article it belongs to.
CREATE OR REPLACE FUNCTION loa_notify_site_videos() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN channels c ON c.id = n.channel_id
    WHERE c.platform = 'youtube_channel' AND (n.state = 'published') IS DISTINCT FROM (o.state = 'published')
  ) THEN
    PERFORM pg_notify('loa_site', 'deliveries');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deliveries_notify_site_videos AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loa_notify_site_videos();
