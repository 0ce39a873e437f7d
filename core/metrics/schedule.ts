import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { addJobsSql } from '../../db/add-jobs.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { metricSchedule } from '../../db/schema/index.ts';

/**
 * When metrics are read: each published delivery has a row in `metric_schedule` walking the
 * cadence (LOA_METRICS_CADENCE, offsets from when the post went live). Readings are batched
 * per channel: one `collect_metrics` job per channel (job key `metrics:<channelId>`), run at
 * the channel's earliest due reading, reads every due delivery of the channel in one
 * connector call and then moves itself to the next earliest.
 *
 * The job is (re)planned under a per-channel advisory lock both when a delivery is published
 * and after a run, so a publish committing while the job runs can never be overtaken by the
 * job pushing itself later.
 */
export const COLLECT_METRICS_TASK = 'collect_metrics';
/** Hourly net for a channel whose job was lost (see channelsMissingJob). */
export const METRICS_SWEEP_TASK = 'metrics_sweep';
export const metricsJobKey = (channelId: string) => `metrics:${channelId}`;
const INFRA_MAX_ATTEMPTS = 5;

async function lockChannel(q: Queryable, channelId: string): Promise<void> {
  await q.execute(sql`select pg_advisory_xact_lock(hashtextextended(${metricsJobKey(channelId)}, 0))`);
}

function enqueueCollectCall(channelId: string, runAt: Date | null) {
  return sql`graphile_worker.add_job(
    ${COLLECT_METRICS_TASK},
    json_build_object('channelId', ${channelId}::text),
    run_at => coalesce(${runAt?.toISOString() ?? null}::timestamptz, now()),
    max_attempts => ${INFRA_MAX_ATTEMPTS},
    job_key => ${metricsJobKey(channelId)},
    job_key_mode => 'replace'
  )`;
}

async function enqueueCollect(q: Queryable, channelId: string, runAt: Date | null): Promise<void> {
  await q.execute(sql`select ${enqueueCollectCall(channelId, runAt)}`);
}

/**
 * Called in the transaction that makes a delivery `published` (core/deliveries/transition.ts),
 * whichever road led there. The row starts unplanned: the channel's job, which knows the
 * cadence, plans it at once.
 */
export async function startMetricsSchedule(q: Queryable, delivery: { id: string; channelId: string }): Promise<void> {
  // One statement (this runs on every publish): the lock is taken before add_job reads the
  // `lock` row; the insert may run on either side of it, as it stays invisible until commit.
  await q.execute(sql`
    with lock as (select pg_advisory_xact_lock(hashtextextended(${metricsJobKey(delivery.channelId)}, 0))),
    planned as (
      insert into metric_schedule (delivery_id, channel_id, step, next_at) values (${delivery.id}, ${delivery.channelId}, 0, null)
      on conflict do nothing
    )
    select ${enqueueCollectCall(delivery.channelId, null)} from lock`);
}

/**
 * `startMetricsSchedule` for every delivery of the CTE `source` (`id`, `channel_id`) at once, as
 * CTEs for one statement (a batched record): the rows, then the channels' locks in channel
 * order (two batches never wait on each other crosswise), then each channel's job, added only
 * once all its locks are held. The statement must read `metrics_jobs` for the jobs to be added.
 */
export function startMetricsSchedulesSql(source: string): SQL {
  const src = sql.identifier(source);
  return sql`metrics_planned as (
      insert into metric_schedule (delivery_id, channel_id, step, next_at) select id, channel_id, 0, null from ${src} on conflict do nothing
    ),
    metrics_locked as (
      select count(pg_advisory_xact_lock(hashtextextended('metrics:' || c.channel_id::text, 0))) as n
      from (select distinct channel_id from ${src} order by channel_id) c
    ),
    ${addJobsSql(
      'metrics_jobs',
      sql`select row(${COLLECT_METRICS_TASK}, json_build_object('channelId', c.channel_id::text), null, now(), ${INFRA_MAX_ATTEMPTS}, 'metrics:' || c.channel_id::text, 0, null)::graphile_worker.job_spec
        from (select distinct channel_id from ${src}) c
        where (select n from metrics_locked) >= 0`,
    )}`;
}

/**
 * A reading may be taken this much of its offset early (at most EARLY_CAP_MS), so posts
 * published a few seconds apart are read in one call instead of one run each. The cap stays
 * below a claim's lease, so a claimed reading is not claimed again while its call runs.
 */
const EARLY_FRACTION = 0.1;
const EARLY_CAP_MS = 5 * 60_000;

/** A delivery whose reading is due, claimed for one run. */
export interface DueReading {
  deliveryId: string;
  step: number;
  externalId: string;
  externalUrl: string | null;
  publishedAt: Date | null;
  /** The instant the cadence counts from: when the post went (or goes) live. */
  base: Date;
}

export interface ClaimOptions {
  channelId: string;
  now: Date;
  cadenceMs: readonly number[];
  batch: number;
  /** A claimed reading comes due again after this (a worker that died mid-call); longer than EARLY_CAP_MS. */
  leaseMs: number;
}

/**
 * Plans unplanned rows, forgets deliveries that are no longer published (or past the last
 * step of a shortened cadence), and claims up to `batch` due readings by moving their due
 * time to the end of a lease.
 */
export async function claimDueReadings(tx: Queryable, o: ClaimOptions): Promise<DueReading[]> {
  const cadence = `{${o.cadenceMs.join(',')}}`;
  const now = o.now.toISOString();
  await tx.execute(sql`
    delete from metric_schedule s using deliveries d
    where s.delivery_id = d.id and s.channel_id = ${o.channelId}
      and (d.state <> 'published' or d.external_id is null or s.step >= ${o.cadenceMs.length})`);
  await tx.execute(sql`
    update metric_schedule s
    set next_at = greatest(d.published_at, d.due_at) + (${cadence}::bigint[])[s.step + 1] * interval '1 millisecond'
    from deliveries d
    where s.delivery_id = d.id and s.channel_id = ${o.channelId} and s.next_at is null`);
  const rows = await tx.execute<{ delivery_id: string; step: number; external_id: string; external_url: string | null; published_at: string | Date | null; base: string | Date }>(sql`
    with due as (
      select s.delivery_id from metric_schedule s
      where s.channel_id = ${o.channelId}
        and s.next_at <= ${now}::timestamptz + least((${cadence}::bigint[])[s.step + 1] * ${EARLY_FRACTION}::float8, ${EARLY_CAP_MS}::float8) * interval '1 millisecond'
      order by s.next_at limit ${o.batch}
      for update of s skip locked
    )
    update metric_schedule s set next_at = ${now}::timestamptz + ${o.leaseMs}::float8 * interval '1 millisecond'
    from due, deliveries d
    where s.delivery_id = due.delivery_id and d.id = s.delivery_id
    returning s.delivery_id, s.step, d.external_id, d.external_url, d.published_at, greatest(d.published_at, d.due_at) as base`);
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    step: r.step,
    externalId: r.external_id,
    externalUrl: r.external_url,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    base: new Date(r.base),
  }));
}

/**
 * The step after `step`: the first whose time is still ahead (steps a late run has already
 * passed are not read twice in a row). null when the cadence is over.
 */
export function nextStep(base: Date, step: number, cadenceMs: readonly number[], now: Date): { step: number; at: Date } | null {
  for (let k = step + 1; k < cadenceMs.length; k++) {
    const at = new Date(base.getTime() + cadenceMs[k]!);
    if (at.getTime() > now.getTime()) return { step: k, at };
  }
  return null;
}

/**
 * After a run: every claimed reading moves to its next step, whether it succeeded or not
 * (a failed reading is tried again at the next step, its code kept for admins); readings at
 * the end of the cadence are removed.
 */
export async function advanceReadings(
  tx: Queryable,
  readings: readonly DueReading[],
  o: { now: Date; cadenceMs: readonly number[]; errorCode: string | null },
): Promise<void> {
  const done: string[] = [];
  for (const r of readings) {
    const next = nextStep(r.base, r.step, o.cadenceMs, o.now);
    if (!next) {
      done.push(r.deliveryId);
      continue;
    }
    await tx
      .update(metricSchedule)
      .set({
        step: next.step,
        nextAt: next.at,
        lastErrorCode: o.errorCode,
        ...(o.errorCode ? {} : { lastCollectedAt: o.now }),
      })
      .where(eq(metricSchedule.deliveryId, r.deliveryId));
  }
  if (done.length) await tx.delete(metricSchedule).where(inArray(metricSchedule.deliveryId, done));
}

/** "Not before T" (a quota the platform will reset): the same step is read at T. */
export async function deferReadings(tx: Queryable, readings: readonly DueReading[], notBefore: Date, code: string): Promise<void> {
  if (readings.length === 0) return;
  await tx
    .update(metricSchedule)
    .set({ nextAt: notBefore, lastErrorCode: code })
    .where(inArray(metricSchedule.deliveryId, readings.map((r) => r.deliveryId)));
}

/** A channel whose platform has no metrics to read: its deliveries leave the schedule. */
export async function dropChannelSchedule(tx: Queryable, channelId: string): Promise<void> {
  await tx.delete(metricSchedule).where(eq(metricSchedule.channelId, channelId));
}

/** Moves the channel's job to its earliest reading (now, if some are still unplanned or due); returns that time, or null when none is left. */
export async function rescheduleChannel(db: Db, channelId: string): Promise<Date | null> {
  return db.transaction(async (tx) => {
    await lockChannel(tx, channelId);
    const [row] = await tx
      .select({ at: sql<string | null>`min(coalesce(${metricSchedule.nextAt}, now()))` })
      .from(metricSchedule)
      .where(eq(metricSchedule.channelId, channelId));
    if (!row?.at) return null;
    const at = new Date(row.at);
    await enqueueCollect(tx, channelId, at);
    return at;
  });
}

/** Channels with readings left whose job is gone or has used up its attempts. */
export async function channelsMissingJob(q: Queryable): Promise<string[]> {
  const rows = await q.execute<{ channel_id: string }>(sql`
    select distinct s.channel_id from metric_schedule s
    where not exists (
      select 1 from graphile_worker.jobs j
      where j.key = ${'metrics:'} || s.channel_id::text and j.attempts < j.max_attempts
    )`);
  return rows.map((r) => r.channel_id);
}
