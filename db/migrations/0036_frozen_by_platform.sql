-- Frozen renderings, by platform (core/content/frozen.ts): an approval now stores each platform's shared rendering
-- once under "$byPlatform" and only the channels with a rendering of their own (an override, a share kit's
-- recipient) by id. A channel not in the map is a target without one: it reads its platform's shared rendering.
-- Maps frozen before keep every target by id (whole, or {"$ref": "<key>"} into "$shared") and have no
-- "$byPlatform", so a channel they do not hold still reads null. The platform is the channel's own (channels.platform).
CREATE FUNCTION loa_frozen_rendering(frozen jsonb, channel_id text, platform text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN frozen -> channel_id ? '$ref'
      THEN (frozen -> '$shared' -> (frozen -> channel_id ->> '$ref')) || jsonb_build_object('channelId', channel_id)
    WHEN frozen ? channel_id THEN frozen -> channel_id
    ELSE (frozen -> '$byPlatform' -> platform) || jsonb_build_object('channelId', channel_id)
  END
$$;
--> statement-breakpoint
-- Every reader passes the channel's platform now (core/deliveries/context.ts, core/manual/).
DROP FUNCTION loa_frozen_rendering(jsonb, text);
