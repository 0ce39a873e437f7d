import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { liveJob } from '../deliveries/sweep.ts';
import { mayBeOnPlatformSql } from './in-flight.ts';
import { enqueueCorrection } from './jobs.ts';

/**
 * Corrections that would otherwise wait on graphile-worker's 4-hour lock of a dead worker's
 * job, or on its backoff after a claim that failed (e^attempts seconds: up to ~55 s before the
 * fifth try), each given a fresh job now (its claim decides; claims are compare-and-set):
 * - `updating` with an expired lease (a worker killed mid-edit; editing is safe to repeat);
 * - `pending` and due, without a job that runs now (a worker killed between taking the job
 *   and committing the claim; a claim that failed);
 * - `held` whose delivery has settled, without such a job (a net under the wake-up trigger).
 */
export async function sweepCorrections(q: Queryable, now: Date, staleMs: number): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const key = sql`'correct:' || c.id::text`;
  const noJobNow = sql`not (${liveJob(key, staleMs)} and not exists (
    select 1 from graphile_worker.jobs j where j.key = ${key} and j.locked_at is null and j.run_at > ${at}))`;
  const rows = await q.execute<{ id: string }>(sql`
    select c.id from delivery_corrections c where c.state = 'updating' and c.lease_until < ${at}
    union all
    select c.id from delivery_corrections c where c.state = 'pending' and c.run_at <= ${at} and ${noJobNow}
    union all
    select c.id from delivery_corrections c join deliveries d on d.id = c.delivery_id
    where c.state = 'held' and not ${mayBeOnPlatformSql('d')} and ${noJobNow}`);
  for (const r of rows) await enqueueCorrection(q, r.id, now);
  return rows.length;
}
