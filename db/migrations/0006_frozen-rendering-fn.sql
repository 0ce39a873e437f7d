-- Frozen renderings are stored compactly: channels whose rendering equals their platform's
-- shared one hold {"$ref": "<platform>"} and the rendering itself sits once under "$shared".
-- This resolves one channel's rendering in SQL, whichever form it was stored in.
CREATE OR REPLACE FUNCTION loa_frozen_rendering(frozen jsonb, channel_id text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN frozen -> channel_id ? '$ref'
      THEN (frozen -> '$shared' -> (frozen -> channel_id ->> '$ref')) || jsonb_build_object('channelId', channel_id)
    ELSE frozen -> channel_id
  END
$$;
