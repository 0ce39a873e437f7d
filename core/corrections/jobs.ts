import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** The task that edits a published object in place; its job carries only `{ correctionId }`. */
export const CORRECT_TASK = 'correct_delivery';
/** A net for infrastructure failures only: the task decides retries (core/corrections/record.ts). */
const INFRA_MAX_ATTEMPTS = 5;

/** The job of correction row `c` (alias), run at `runAt`, as a graphile_worker.job_spec for add_jobs: what `enqueueCorrection` adds for one. */
export function correctionJobSpecSql(c: string, runAt: Date): SQL {
  const id = sql.raw(`${c}.id`);
  return sql`row(${CORRECT_TASK}, json_build_object('correctionId', ${id}::text), null, ${runAt.toISOString()}::timestamptz, ${INFRA_MAX_ATTEMPTS}, 'correct:' || ${id}::text, 0, null)::graphile_worker.job_spec`;
}

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
