import { sql } from 'drizzle-orm';
import { addJobsSql } from '../../db/add-jobs.ts';
import type { Db } from '../../db/client.ts';
import { pgArrayLiteral as pgArray } from '../../db/pg-array.ts';
import { preparedStatement } from '../../db/prepared.ts';
import type { DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { startMetricsSchedulesSql } from '../metrics/schedule.ts';
import { duplicateScanSpecSql } from './follow-up-jobs.ts';
import type { RecordInput, RecordResult } from './record.ts';
import { transitionManySql } from './transition.ts';

export type PublishedInput = RecordInput & { outcome: { kind: 'published' } };


/** When the input's last-net scan runs (transitionDelivery's rule), as text; null: no scan. */
function scanAt(i: PublishedInput): string | null {
  const after = i.followUps ? i.followUps.scanAfterMs : 0;
  return after === null ? null : new Date(i.now.getTime() + after).toISOString();
}

/** The recording statement (its text is rendered once per actor; the outcomes are its nine array parameters). */
const recordStatement = preparedStatement<Actor, { id: string; owner: string; moved: boolean; state: DeliveryState | null }>(
  (actor) => sql`
    with req as (
      select * from unnest(
        ${sql.placeholder('ids')}::uuid[],
        ${sql.placeholder('attemptIds')}::uuid[],
        ${sql.placeholder('owners')}::text[],
        ${sql.placeholder('nows')}::timestamptz[],
        ${sql.placeholder('durations')}::int[],
        ${sql.placeholder('externalIds')}::text[],
        ${sql.placeholder('urls')}::text[],
        ${sql.placeholder('readsMetrics')}::boolean[],
        ${sql.placeholder('scanAts')}::timestamptz[]
      ) as r(id, attempt_id, owner, now, duration_ms, external_id, url, reads_metrics, scan_at)
    ),
    closed as (
      update delivery_attempts a
      set finished_at = r.now, duration_ms = r.duration_ms, outcome = 'published', error_kind = null, error_code = null, platform_code = null, excerpt = null
      from req r where a.id = r.attempt_id
      returning a.id
    ),
    owned as (
      select distinct on (r.id) r.*, 'publishing'::delivery_state as previous
      from req r join deliveries d on d.id = r.id
      where d.state = 'publishing' and d.lease_owner = r.owner
    ),
    ${transitionManySql(actor, {
      source: 'owned',
      from: ['publishing'],
      to: 'published',
      set: sql`lease_until = null, lease_owner = null, external_id = src.external_id, external_url = src.url, published_at = src.now,
        hold_reason = null, last_error_kind = null, last_error_code = null, last_error_message = null`,
      note: sql`'{}'::jsonb`,
      where: sql`d.lease_owner = src.owner`,
    })},
    metered as (
      select m.id, m.channel_id from moved m join owned o on o.id = m.id where o.reads_metrics
    ),
    ${startMetricsSchedulesSql('metered')},
    ${addJobsSql('scan_jobs', sql`select ${duplicateScanSpecSql(sql`m.id`, sql`o.scan_at`)} from moved m join owned o on o.id = m.id where o.scan_at is not null`)}
    select r.id, r.owner, m.id is not null as moved, coalesce(m.state, d.state) as state
    from req r
    left join owned o on o.id = r.id and o.owner = r.owner
    left join moved m on m.id = o.id
    left join deliveries d on d.id = r.id
    where (select n from metrics_jobs) >= 0 and (select n from scan_jobs) >= 0 and (select count(*) from closed) >= 0`,
);

/**
 * Records several `published` outcomes in ONE statement, each exactly as `recordAttempt`
 * does: the attempt row closed (even when the lease was lost), `publishing → published` only
 * while the worker still holds the lease, with its audit row, its metrics schedule and
 * channel job, and its duplicate scan job (each as its `followUps` say, as transitionDelivery
 * does). Other outcomes are rarer and take `recordAttempt`.
 * Results are in the order of `inputs`.
 */
export async function recordPublishedMany(db: Db, actor: Actor, inputs: readonly PublishedInput[]): Promise<RecordResult[]> {
  if (inputs.length === 0) return [];
  const rows = await recordStatement(db, actor, {
    ids: pgArray(inputs.map((i) => i.deliveryId)),
    attemptIds: pgArray(inputs.map((i) => i.attempt.id)),
    owners: pgArray(inputs.map((i) => i.owner)),
    nows: pgArray(inputs.map((i) => i.now.toISOString())),
    durations: `{${inputs.map((i) => Math.max(0, i.now.getTime() - i.attempt.startedAt.getTime())).join(',')}}`,
    externalIds: pgArray(inputs.map((i) => i.outcome.externalId)),
    urls: pgArray(inputs.map((i) => i.outcome.url)),
    readsMetrics: `{${inputs.map((i) => i.followUps?.readsMetrics ?? true).join(',')}}`,
    scanAts: pgArray(inputs.map((i) => scanAt(i))),
  });
  const byRequest = new Map(rows.map((r) => [`${r.id} ${r.owner}`, r]));
  return inputs.map((input): RecordResult => {
    const row = byRequest.get(`${input.deliveryId} ${input.owner}`);
    return row?.moved ? { kind: 'recorded', state: 'published', nextRunAt: null } : { kind: 'lost', state: row?.state ?? null };
  });
}
