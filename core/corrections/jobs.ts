import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** The task that edits a published object in place; its job carries only `{ correctionId }`. */
export const CORRECT_TASK = 'correct_delivery';
/** A net for infrastructure failures only: the task decides retries (core/corrections/record.ts). */
const INFRA_MAX_ATTEMPTS = 5;

export async function enqueueCorrection(q: Queryable, correctionId: string, runAt: Date): Promise<void> {
  await q.execute(sql`select graphile_worker.add_job(
    ${CORRECT_TASK},
    json_build_object('correctionId', ${correctionId}::text),
    run_at => ${runAt.toISOString()}::timestamptz,
    max_attempts => ${INFRA_MAX_ATTEMPTS},
    job_key => ${`correct:${correctionId}`},
    job_key_mode => 'replace'
  )`);
}
