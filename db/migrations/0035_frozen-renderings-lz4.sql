-- A revision approved to 10,000 channels freezes a 600 kB map; compressing it with pglz took ~10 ms of PostgreSQL's
-- CPU in the approval (lz4: ~1 ms), and each claim and record of one of its deliveries decompresses it again to read
-- its channel's rendering. lz4 where the server was built with it (PostgreSQL's Debian and Ubuntu packages are; the
-- embedded default's binaries are not, and keep pglz). Only values written from now on are compressed with lz4.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4'::text = ANY (enumvals)) THEN
    ALTER TABLE revisions ALTER COLUMN frozen_renderings SET COMPRESSION lz4;
  END IF;
END $$;
