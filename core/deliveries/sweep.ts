import { and, eq, isNull, lt, sql } from 'drizzle-orm';
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
  /** `processing` rows without a poll job: poll enqueued. */
  polls: number;
  approvalsExpired: number;
}

const BATCH = 500;

/**
 * The periodic safety net (every minute, and once when a worker starts). Each part is
 * its own short transaction, so one bad row cannot hold up the rest.
 */
export async function sweepDeliveries(db: Db, actor: Actor, now: Date): Promise<SweepReport> {
  return {
    expiredLeases: await sweepExpiredLeases(db, actor, now),
    requeued: await requeueLost(db, now),
    reconnected: await releaseReconnected(db, actor, now),
    polls: await requeueLostPolls(db, now),
    approvalsExpired: await db.transaction((tx) => expireApprovals(tx, now, actor)),
  };
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
async function requeueLost(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const frozen = (await getFreeze(tx)).on;
    const lost = await tx.execute<{ id: string }>(sql`
      select d.id from deliveries d join channels c on c.id = d.channel_id
      where d.state in ('scheduled', 'retrying')
        and coalesce(d.not_before, d.due_at) <= ${now.toISOString()}::timestamptz
        and not exists (
          select 1 from graphile_worker.jobs j
          where j.key = 'publish:' || d.id::text and j.attempts < j.max_attempts
        )
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

async function requeueLostPolls(db: Db, now: Date): Promise<number> {
  const lost = await db.execute<{ id: string }>(sql`
    select d.id from deliveries d
    where d.state = 'processing'
      and not exists (select 1 from graphile_worker.jobs j where j.key = 'poll:' || d.id::text and j.attempts < j.max_attempts)
    limit ${BATCH}`);
  for (const { id } of lost) await enqueuePoll(db, id, now);
  return lost.length;
}
