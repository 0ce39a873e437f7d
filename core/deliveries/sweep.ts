import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deliveries, deliveryAttempts } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { expireApprovals } from '../content/expire.ts';
import { getFreeze } from '../system-settings.ts';
import { releaseChannelDeliveries } from './channel-state.ts';
import { enqueuePoll, enqueueReconcile } from './follow-up-jobs.ts';
import { holdCodes } from './holds.ts';
import { enqueuePublishMany, toUuidArray } from './jobs.ts';
import { transitionDelivery } from './transition.ts';

export interface SweepReport {
  /** `publishing` rows whose worker died: moved to `unconfirmed` with a reconcile job. */
  expiredLeases: number;
  /** Due rows that had lost their job (or whose hold had cleared): re-enqueued. */
  requeued: number;
  /** `needs_reconnect` rows whose channel is usable again: back to `scheduled`. */
  reconnected: number;
  /** `processing` rows without a live poll (no job, or its worker died mid-poll): poll enqueued. */
  polls: number;
  /** `unconfirmed` rows whose reconcile's worker died mid-read: reconcile enqueued. */
  reconciles: number;
  approvalsExpired: number;
}

const BATCH = 500;

export interface SweepOptions {
  /**
   * A job locked this long (ms) while its delivery has no live lease belongs to a dead worker:
   * a live one takes the lease (or claims) right after locking the job. The lease time.
   */
  staleJobMs: number;
}

/**
 * The periodic safety net (every LOA_SWEEP_INTERVAL_MS in each worker process, and once when a
 * worker starts). Each part is its own short transaction, so one bad row cannot hold up the
 * rest. A job graphile-worker still sees as locked by a worker that died is not trusted: its
 * delivery gets a new job at once (adding a job under a locked job's key makes a new one).
 */
export async function sweepDeliveries(db: Db, actor: Actor, now: Date, options: SweepOptions): Promise<SweepReport> {
  const staleMs = Math.max(1, Math.floor(options.staleJobMs));
  return {
    expiredLeases: await sweepExpiredLeases(db, actor, now),
    requeued: await requeueLost(db, now, staleMs),
    reconnected: await releaseReconnected(db, actor, now),
    polls: await requeueLostPolls(db, now, staleMs),
    reconciles: await requeueStuckReconciles(db, now, staleMs),
    approvalsExpired: await db.transaction((tx) => expireApprovals(tx, now, actor)),
  };
}

/** A job of `key` that will still run: not given up by graphile, and not locked by a dead worker. */
export function liveJob(key: SQL, staleMs: number): SQL {
  return sql`exists (
    select 1 from graphile_worker.jobs j
    where j.key = ${key} and j.attempts < j.max_attempts
      and (j.locked_at is null or j.locked_at > now() - ${staleMs} * interval '1 millisecond'))`;
}

/**
 * A lease expires only when its worker stopped renewing it (killed, frozen, cut off): the
 * call may have reached the platform, so the delivery becomes `unconfirmed` and is
 * reconciled by marker — never put straight back to `scheduled`.
 */
async function sweepExpiredLeases(db: Db, actor: Actor, now: Date): Promise<number> {
  const candidates = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.state, 'publishing'), lt(deliveries.leaseUntil, now)))
    .limit(BATCH);
  let moved = 0;
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      // Re-checked under the row lock: a heartbeat may have renewed the lease meanwhile.
      const [d] = await tx.select().from(deliveries).where(eq(deliveries.id, id)).for('update');
      if (d?.state !== 'publishing' || !d.leaseUntil || d.leaseUntil.getTime() >= now.getTime()) return false;
      await transitionDelivery(
        tx,
        actor,
        id,
        ['publishing'],
        'unconfirmed',
        { leaseUntil: null, leaseOwner: null, lastErrorCode: 'LEASE_EXPIRED', holdReason: 'Tiến trình đăng bị gián đoạn; đang đối soát xem nền tảng đã nhận bài chưa' },
        { reason: 'lease_expired', leaseOwner: d.leaseOwner },
      );
      await tx
        .update(deliveryAttempts)
        .set({ finishedAt: now, outcome: 'abandoned', errorCode: 'LEASE_EXPIRED', durationMs: sql`(extract(epoch from (${now.toISOString()}::timestamptz - started_at)) * 1000)::int` })
        .where(and(eq(deliveryAttempts.deliveryId, id), isNull(deliveryAttempts.finishedAt)));
      await enqueueReconcile(tx, id, now);
      return true;
    });
    if (done) moved++;
  }
  return moved;
}

/**
 * Due `scheduled`/`retrying` rows without a runnable publish job. Rows held on purpose
 * (freeze on, channel still paused or disconnected) are left alone; a hold whose cause
 * has gone is cleared here, so a path that forgot to release it costs at most a minute.
 */
async function requeueLost(db: Db, now: Date, staleMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const frozen = (await getFreeze(tx)).on;
    const lost = await tx.execute<{ id: string }>(sql`
      select d.id from deliveries d join channels c on c.id = d.channel_id
      where d.state in ('scheduled', 'retrying')
        and coalesce(d.not_before, d.due_at) <= ${now.toISOString()}::timestamptz
        and not ${liveJob(sql`'publish:' || d.id::text`, staleMs)}
        and not (${frozen} and d.last_error_code = ${holdCodes.frozen})
        and not (d.last_error_code in (${holdCodes.paused}, ${holdCodes.notConnected}) and (c.paused or c.status <> 'connected'))
      limit ${BATCH}
      for update of d skip locked`);
    if (lost.length === 0) return 0;
    const ids = lost.map((r) => r.id);
    await tx.execute(sql`
      update deliveries set hold_reason = null, last_error_code = null
      where id = any(${toUuidArray(ids)}::uuid[]) and last_error_code like 'HELD\\_%'`);
    await enqueuePublishMany(tx, ids);
    return ids.length;
  });
}

async function releaseReconnected(db: Db, actor: Actor, now: Date): Promise<number> {
  const ready = await db.execute<{ channel_id: string }>(sql`
    select distinct d.channel_id from deliveries d join channels c on c.id = d.channel_id
    where d.state = 'needs_reconnect' and c.status = 'connected' and not c.paused`);
  let released = 0;
  for (const { channel_id } of ready) {
    released += await db.transaction((tx) => releaseChannelDeliveries(tx, actor, channel_id, now));
  }
  return released;
}

/** `processing` rows with no live poll: no job, or a job whose worker died (its lease expired, or it never took one). */
async function requeueLostPolls(db: Db, now: Date, staleMs: number): Promise<number> {
  const lost = await db.execute<{ id: string }>(sql`
    select d.id from deliveries d
    where d.state = 'processing'
      and (d.lease_until is null or d.lease_until < ${now.toISOString()}::timestamptz)
      and not ${liveJob(sql`'poll:' || d.id::text`, staleMs)}
    limit ${BATCH}`);
  for (const { id } of lost) await enqueuePoll(db, id, now);
  return lost.length;
}

/**
 * `unconfirmed` rows whose reconcile worker died: its lease expired mid-read, or its job has
 * been locked longer than a lease without one being taken. Rows without any reconcile job are
 * waiting for a person (or for their next read's job) and are left alone.
 */
async function requeueStuckReconciles(db: Db, now: Date, staleMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const stuck = await tx.execute<{ id: string }>(sql`
      update deliveries d set lease_owner = null, lease_until = null
      where d.id in (
        select d2.id from deliveries d2
        where d2.state = 'unconfirmed'
          and (
            d2.lease_until < ${now.toISOString()}::timestamptz
            or (d2.lease_until is null and exists (
              select 1 from graphile_worker.jobs j
              where j.key = 'reconcile:' || d2.id::text and j.locked_at < now() - ${staleMs} * interval '1 millisecond'))
          )
        limit ${BATCH}
        for update skip locked)
      returning d.id`);
    for (const { id } of stuck) await enqueueReconcile(tx, id, now);
    return stuck.length;
  });
}
