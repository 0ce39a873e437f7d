CREATE INDEX "delivery_corrections_held_idx" ON "delivery_corrections" USING btree ("delivery_id") WHERE "delivery_corrections"."state" = 'held';
--> statement-breakpoint
-- A correction `held` behind a publish still in flight (core/corrections/held.ts) follows that
-- delivery: each change of its state, in the same transaction that records the outcome,
-- gives the correction's job a run now (same task, payload and job key as
-- core/corrections/jobs.ts). A trigger, so every writer (single and batched records,
-- reconcile, polls, the sweep, an operator) wakes it; the claim then decides under the row
-- lock. Claims (→ publishing) and the still-unsettled states do not wake it.
CREATE OR REPLACE FUNCTION loa_wake_held_corrections() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM graphile_worker.add_job('correct_delivery', json_build_object('correctionId', c.id::text),
    max_attempts => 5, job_key => 'correct:' || c.id::text, job_key_mode => 'replace')
  FROM delivery_corrections c WHERE c.delivery_id = NEW.id AND c.state = 'held';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deliveries_wake_held_corrections AFTER UPDATE OF state ON deliveries
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state AND NEW.state NOT IN ('publishing', 'processing', 'unconfirmed'))
  EXECUTE FUNCTION loa_wake_held_corrections();
