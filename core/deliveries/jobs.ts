import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { startAtSql } from './lead.ts';

/**
 * Jobs carry only `{ deliveryId }`; state lives in `deliveries`. Enqueue in the same
 * transaction as the state change, one job key per delivery: adding again replaces the
 * job (reschedule), removing it cancels. graphile's max_attempts is only a net for
 * infrastructure failures — the publish task decides retries.
 */
export const PUBLISH_TASK = 'publish_delivery';
const INFRA_MAX_ATTEMPTS = 5;

export const publishJobKey = (deliveryId: string) => `publish:${deliveryId}`;

export async function enqueuePublish(q: Queryable, deliveryId: string, runAt: Date, queueName: string | null = null): Promise<void> {
  await q.execute(sql`select graphile_worker.add_job(
    ${PUBLISH_TASK},
    json_build_object('deliveryId', ${deliveryId}::text),
    queue_name => ${queueName},
    run_at => ${runAt.toISOString()}::timestamptz,
    max_attempts => ${INFRA_MAX_ATTEMPTS},
    job_key => ${publishJobKey(deliveryId)},
    job_key_mode => 'replace'
  )`);
}

export async function removePublishJob(q: Queryable, deliveryId: string): Promise<void> {
  await q.execute(sql`select graphile_worker.remove_job(${publishJobKey(deliveryId)})`);
}

/** Enqueues the publish jobs of many deliveries in one statement (approval to 10,000 channels). */
export async function enqueuePublishMany(q: Queryable, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await q.execute(sql`
    select count(*) from graphile_worker.add_jobs(array(
      select ${publishJobSpecSql('d', 'c')}
      from deliveries d join channels c on c.id = d.channel_id where d.id = any(${toUuidArray(deliveryIds)}::uuid[])
    ))`);
}

/**
 * The publish job of delivery row `d` on channel row `c` (aliases), as a
 * graphile_worker.job_spec for add_jobs: due at its start time (the channel's lead before the
 * due time), or at its not-before time.
 */
export function publishJobSpecSql(d: string, c: string): SQL {
  const col = (name: string) => sql.raw(`${d}.${name}`);
  return sql`row(
        ${PUBLISH_TASK}, json_build_object('deliveryId', ${col('id')}::text), null,
        coalesce(${col('not_before')}, ${startAtSql(col('due_at'), c)}), ${INFRA_MAX_ATTEMPTS}, 'publish:' || ${col('id')}::text, 0, null
      )::graphile_worker.job_spec`;
}

/** Postgres array literal for a list of uuids (validated, so no quoting issues). */
export function toUuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`Not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}
