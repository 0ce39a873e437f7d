import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { finishesForCorrection } from '../corrections/awaited.ts';
import { isManualPlatform } from '../manual/settings.ts';
import { getFreeze } from '../system-settings.ts';
import { loadDeliveryContext, type DeliveryContext } from './context.ts';
import { holdCodes, holdMessages, isHoldCode, type HoldCode } from './holds.ts';
import { enqueuePublish, removePublishJob } from './jobs.ts';
import { claimableStates } from './states.ts';
import { transitionDelivery } from './transition.ts';
import { startAt } from './lead.ts';

export type ClaimResult =
  | { kind: 'claimed'; from: DeliveryState; context: DeliveryContext; attempt: { id: string; number: number; startedAt: Date } }
  /** A manual channel (no API): the caller opens the officers' task instead (core/manual). Nothing was changed. */
  | { kind: 'manual' }
  /** Not claimable (another worker or a person got there first, or it is gone). */
  | { kind: 'skipped'; state: DeliveryState | null }
  /** The job ran before the delivery's time (rescheduled meanwhile); re-enqueued at `runAt`. */
  | { kind: 'not_yet'; runAt: Date }
  /** Waiting in `scheduled` without a job until the hold is released; no attempt spent. */
  | { kind: 'held'; code: HoldCode; reason: string }
  /** The content may no longer go out (approval expired, consent withdrawn, superseded). */
  | { kind: 'cancelled'; code: string; reason: string };

export interface ClaimInput {
  deliveryId: string;
  /** Unique per claim (worker id + a random part): the lease is checked against it. */
  owner: string;
  leaseMs: number;
  now: Date;
}

/** A job may run this much before the delivery's time (clock skew between hosts and the database). */
export const EARLY_TOLERANCE_MS = 1_000;

/**
 * The claim transaction (step 1 of a publish). Locks the delivery, applies the claim-time
 * checks, and either moves it `scheduled|retrying → publishing` with attempt_count + 1, a
 * lease and a new delivery_attempts row, or holds/cancels it without spending an attempt.
 */
export async function claimDelivery(tx: Queryable, actor: Actor, input: ClaimInput): Promise<ClaimResult> {
  const { deliveryId, now } = input;
  const ctx = await loadDeliveryContext(tx, deliveryId, { lock: true });
  if (!ctx || !claimableStates.includes(ctx.delivery.state)) return { kind: 'skipped', state: ctx?.delivery.state ?? null };
  if (isManualPlatform(ctx.channel.platform)) return { kind: 'manual' };
  const d = ctx.delivery;
  const from = [d.state];

  const runAt = d.notBefore ?? startAt(d.dueAt, ctx.channel.settings);
  if (runAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
    await enqueuePublish(tx, deliveryId, runAt);
    return { kind: 'not_yet', runAt };
  }

  const stop = contentProblem(ctx, now);
  if (stop && !(await finishesForCorrection(tx, deliveryId, stop.code))) {
    await transitionDelivery(tx, actor, deliveryId, from, 'cancelled', { holdReason: stop.reason, lastErrorCode: stop.code }, { reason: stop.code });
    await removePublishJob(tx, deliveryId);
    return { kind: 'cancelled', ...stop };
  }

  const hold = await holdFor(tx, ctx);
  if (hold) {
    await transitionDelivery(tx, actor, deliveryId, from, 'scheduled', { holdReason: hold.reason, lastErrorCode: hold.code }, { hold: hold.code });
    return { kind: 'held', ...hold };
  }

  const claimed = await transitionDelivery(
    tx,
    actor,
    deliveryId,
    from,
    'publishing',
    {
      attemptCount: d.attemptCount + 1,
      leaseUntil: new Date(now.getTime() + input.leaseMs),
      leaseOwner: input.owner,
      holdReason: null,
      notBefore: null,
      lastErrorCode: isHoldCode(d.lastErrorCode) ? null : d.lastErrorCode,
    },
    { attempt: d.attemptCount + 1 },
  );
  if (!claimed) return { kind: 'skipped', state: null };
  const [attempt] = await tx.execute<{ id: string; number: number }>(sql`
    insert into delivery_attempts (delivery_id, number, started_at, worker)
    select ${deliveryId}, coalesce(max(number), 0) + 1, ${now.toISOString()}::timestamptz, ${input.owner}
    from delivery_attempts where delivery_id = ${deliveryId}
    returning id, number`);
  return { kind: 'claimed', from: d.state, context: { ...ctx, delivery: claimed }, attempt: { id: attempt!.id, number: attempt!.number, startedAt: now } };
}

/** Reasons the approved content may no longer go out at all: the delivery is cancelled. */
export function contentProblem(ctx: DeliveryContext, now: Date): { code: string; reason: string } | null {
  const { revision } = ctx;
  if (revision.state !== 'approved') {
    return { code: 'REVISION_NOT_APPROVED', reason: `Bản nội dung không còn ở trạng thái đã duyệt (${revision.state}); không đăng` };
  }
  if (revision.expiresAt && revision.expiresAt.getTime() <= now.getTime()) {
    return { code: 'APPROVAL_EXPIRED', reason: 'Phê duyệt đã hết hạn trước giờ đăng; cần duyệt lại' };
  }
  for (const c of ctx.consents) {
    if (c.withdrawnAt) return { code: 'CONSENT_WITHDRAWN', reason: `${c.personName} đã rút lại sự đồng ý xuất hiện trong nội dung` };
    if (c.expiresAt && c.expiresAt.getTime() <= now.getTime()) {
      return { code: 'CONSENT_EXPIRED', reason: `Sự đồng ý của ${c.personName} đã hết hạn` };
    }
    if (c.platforms.length > 0 && !c.platforms.includes(ctx.channel.platform)) {
      return { code: 'CONSENT_SCOPE', reason: `Sự đồng ý của ${c.personName} không bao gồm kênh loại ${ctx.channel.platform}` };
    }
  }
  return null;
}

/** Reasons to wait: the freeze, a paused or disconnected channel. Cleared by whoever lifts them. */
async function holdFor(q: Queryable, ctx: DeliveryContext): Promise<{ code: HoldCode; reason: string } | null> {
  const freeze = await getFreeze(q);
  if (freeze.on) return { code: holdCodes.frozen, reason: holdMessages.frozen(freeze.reason) };
  const { channel } = ctx;
  if (channel.status === 'needs_reconnect') return { code: holdCodes.notConnected, reason: holdMessages.needsReconnect() };
  if (channel.status === 'disabled') return { code: holdCodes.notConnected, reason: holdMessages.disabled() };
  if (channel.paused) return { code: holdCodes.paused, reason: holdMessages.paused(channel.pauseReason) };
  return null;
}
