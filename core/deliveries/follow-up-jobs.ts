import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/**
 * Jobs that follow a publish attempt. Like publish jobs they carry only `{ deliveryId }`,
 * one key per delivery and task, enqueued in the transaction that makes the state change.
 */
export const RECONCILE_TASK = 'reconcile_unconfirmed';
export const POLL_TASK = 'poll_processing';
export const SWEEP_TASK = 'sweep_deliveries';
export const SCAN_TASK = 'scan_duplicates';
const INFRA_MAX_ATTEMPTS = 5;

export async function enqueueReconcile(q: Queryable, deliveryId: string, runAt: Date): Promise<void> {
  await addKeyedJob(q, RECONCILE_TASK, `reconcile:${deliveryId}`, deliveryId, runAt);
}

export async function enqueuePoll(q: Queryable, deliveryId: string, runAt: Date): Promise<void> {
  await addKeyedJob(q, POLL_TASK, `poll:${deliveryId}`, deliveryId, runAt);
}

/** The last-net scan for second copies of a published delivery (workers/tasks/scan-duplicates.ts decides when it reads). */
export async function enqueueDuplicateScan(q: Queryable, deliveryId: string, runAt: Date): Promise<void> {
  await addKeyedJob(q, SCAN_TASK, `scan:${deliveryId}`, deliveryId, runAt);
}

/** The same scan job as `enqueueDuplicateScan`, as a graphile_worker.job_spec over SQL columns (set-based enqueueing with add_jobs). */
export function duplicateScanSpecSql(deliveryId: SQL, runAt: SQL): SQL {
  return sql`row(${SCAN_TASK}, json_build_object('deliveryId', ${deliveryId}::text), null, ${runAt}, ${INFRA_MAX_ATTEMPTS}, 'scan:' || ${deliveryId}::text, 0, null)::graphile_worker.job_spec`;
}

async function addKeyedJob(q: Queryable, task: string, key: string, deliveryId: string, runAt: Date): Promise<void> {
  await q.execute(sql`select graphile_worker.add_job(
    ${task},
    json_build_object('deliveryId', ${deliveryId}::text),
    run_at => ${runAt.toISOString()}::timestamptz,
    max_attempts => ${INFRA_MAX_ATTEMPTS},
    job_key => ${key},
    job_key_mode => 'replace'
  )`);
}
