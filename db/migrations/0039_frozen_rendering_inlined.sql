-- loa_frozen_rendering, the same function, made inlinable: jsonb_object(text[]) (immutable) in place of
-- jsonb_build_object (stable), so the body is as immutable as the function says it is. PostgreSQL inlines only
-- such a body; not inlined, a SQL function's body is parsed and planned again on its first call in every
-- execution of the statement that calls it, even of a prepared statement with a cached plan. That was ~0.1 ms
-- of the ~1.4 ms of PostgreSQL time of the batched claim of 8 deliveries (core/deliveries/claim-many.ts),
-- and of every other delivery context read (docs/BENCHMARKS.md, (a)). Same results, same signature.
CREATE OR REPLACE FUNCTION loa_frozen_rendering(frozen jsonb, channel_id text, platform text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN frozen -> channel_id ? '$ref'
      THEN (frozen -> '$shared' -> (frozen -> channel_id ->> '$ref')) || jsonb_object(ARRAY['channelId', channel_id])
    WHEN frozen ? channel_id THEN frozen -> channel_id
    ELSE (frozen -> '$byPlatform' -> platform) || jsonb_object(ARRAY['channelId', channel_id])
  END
$$;
