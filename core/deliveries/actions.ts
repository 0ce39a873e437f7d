import { eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { channels, deliveries, type DeliveryState } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { enqueuePublish, removePublishJob } from './jobs.ts';
import { lookUpFailed, mayHaveLandedSql, OPERATOR_FAILED } from './landed.ts';
import { startAt } from './lead.ts';
import { unstartedStates } from './states.ts';
import { transitionDelivery, type DeliveryRow } from './transition.ts';

/**
 * What people can do to a delivery through the API. Each is one transaction: the
 * compare-and-set transition, its job change and the audit row commit together, and a
 * delivery in the wrong state gets a 409 that names the state it is in.
 */
export const TAKEDOWN_TASK = 'takedown_delivery';

export type OperatorOutcome =
  | { outcome: 'published'; externalId: string; url?: string | null }
  | { outcome: 'absent' }
  | { outcome: 'failed'; reason: string };

/**
 * The mechanics of a new due time: the transition and its replaced job. Who may move a
 * delivery and to when is the reschedule rule's (reschedule.ts); this only carries it out.
 */
export async function moveDelivery(tx: Queryable, actor: Actor, id: string, dueAt: Date, note: Record<string, unknown> = {}): Promise<DeliveryRow> {
  const row = await transitionDelivery(tx, actor, id, ['scheduled', 'retrying'], 'scheduled', { dueAt, notBefore: null, holdReason: null }, { action: 'reschedule', dueAt, ...note });
  if (!row) throw await stateConflict(tx, id);
  const [channel] = await tx.select({ settings: channels.settings }).from(channels).where(eq(channels.id, row.channelId));
  await enqueuePublish(tx, id, startAt(dueAt, channel?.settings ?? {}));
  return row;
}

export async function cancelDelivery(db: Db, actor: Actor, id: string): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const row = await transitionDelivery(tx, actor, id, unstartedStates, 'cancelled', { holdReason: 'Đã huỷ bởi người dùng' }, { action: 'cancel' });
    if (!row) throw await stateConflict(tx, id);
    await removePublishJob(tx, id);
    return row;
  });
}

export async function publishNow(db: Db, actor: Actor, id: string, now: Date): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const row = await transitionDelivery(tx, actor, id, ['scheduled', 'retrying'], 'scheduled', { dueAt: now, notBefore: null, holdReason: null }, { action: 'publish_now' });
    if (!row) throw await stateConflict(tx, id);
    await enqueuePublish(tx, id, now);
    return row;
  });
}

/**
 * A failed delivery gets a fresh attempt budget: the user decided it is worth trying again.
 * If one of its attempts may have reached the platform, it is looked up first (`unconfirmed`,
 * landed.ts): found → published, proven absent → published once more, else a person decides.
 */
export async function retryDelivery(db: Db, actor: Actor, id: string, now: Date): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const [d] = await tx.execute<{ landed: boolean }>(sql`select ${mayHaveLandedSql('d')} as landed from deliveries d where d.id = ${id} and d.state = 'failed' for update`);
    const fresh = { dueAt: now, notBefore: null, attemptCount: 0, lastErrorKind: null, lastErrorCode: null, lastErrorMessage: null };
    const row = d?.landed
      ? await lookUpFailed(tx, actor, id, now, { action: 'retry' }, fresh)
      : await transitionDelivery(tx, actor, id, ['failed'], 'scheduled', { ...fresh, holdReason: null }, { action: 'retry' });
    if (!row) throw await stateConflict(tx, id);
    if (row.state === 'scheduled') await enqueuePublish(tx, id, now);
    return row;
  });
}

/** An operator settles an `unconfirmed` delivery after checking the platform by hand. */
export async function markReconciled(db: Db, actor: Actor, id: string, decision: OperatorOutcome, now: Date): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    let row: DeliveryRow | null;
    if (decision.outcome === 'published') {
      row = await transitionDelivery(tx, actor, id, ['unconfirmed'], 'published', {
        externalId: decision.externalId,
        externalUrl: decision.url ?? null,
        publishedAt: now,
        leaseUntil: null,
        leaseOwner: null,
      }, { action: 'mark_reconciled', outcome: 'published' });
    } else if (decision.outcome === 'absent') {
      row = await transitionDelivery(tx, actor, id, ['unconfirmed'], 'scheduled', { dueAt: now, notBefore: null, leaseUntil: null, leaseOwner: null }, { action: 'mark_reconciled', outcome: 'absent' });
      if (row) await enqueuePublish(tx, id, now);
    } else {
      row = await transitionDelivery(tx, actor, id, ['unconfirmed'], 'failed', { lastErrorCode: OPERATOR_FAILED, lastErrorMessage: decision.reason, leaseUntil: null, leaseOwner: null }, { action: 'mark_reconciled', outcome: 'failed' });
    }
    if (!row) throw await stateConflict(tx, id);
    return row;
  });
}

/**
 * Asks the worker to unpublish (consent withdrawn, legal order, error). The task calls the
 * connector's `unpublish` and then moves the delivery published → taken_down.
 */
export async function requestTakedown(db: Db, actor: Actor, id: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.id, id)).for('update');
    if (row?.state !== 'published') throw await stateConflict(tx, id);
    await tx.execute(sql`select graphile_worker.add_job(${TAKEDOWN_TASK}, json_build_object('deliveryId', ${id}::text, 'reason', ${reason}::text),
      max_attempts => 5, job_key => ${`takedown:${id}`})`);
    await audit(tx, actor, { action: 'delivery.takedown_requested', entityType: 'delivery', entityId: id, data: { reason } });
  });
}

async function stateConflict(q: Queryable, id: string) {
  const [row] = await q.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.id, id));
  if (!row) return notFound({ vi: 'lượt đăng', en: 'Delivery' }, '/id');
  const state: DeliveryState = row.state;
  return conflict('DELIVERY_STATE_CONFLICT', {
    vi: `Không thể thực hiện khi lượt đăng đang ở trạng thái "${state}"`,
    en: `Not possible while the delivery is "${state}"`,
  }, '/state');
}
