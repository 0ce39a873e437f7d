-- UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then gen_random_uuid's random bits with the
-- version nibble turned from 4 into 7 (bits 52, 53). PostgreSQL 15 has no uuidv7().
-- Deliveries take their ids from it: approving one item to 10,000 channels inserted 10,000 random
-- keys into deliveries_pkey and, as the text of each delivery.create audit row's entity id, into
-- audit_log_entity_idx — one scattered page per row; time-ordered, they land together.
CREATE OR REPLACE FUNCTION loa_uuidv7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "id" SET DEFAULT loa_uuidv7();
