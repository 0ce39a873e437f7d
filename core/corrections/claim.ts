import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { contentProblem } from '../deliveries/claim.ts';
import { loadDeliveryContext, type DeliveryContext } from '../deliveries/context.ts';
import { holdCodes, holdMessages, type HoldCode } from '../deliveries/holds.ts';
import { getFreeze } from '../system-settings.ts';
import { settleHeld } from './held.ts';
import { enqueueCorrection } from './jobs.ts';
import { failCorrection } from './record.ts';

type CorrectionRow = {
  id: string;
  delivery_id: string;
  revision_id: string;
  state: string;
  attempt_count: number;
  run_at: Date;
  lease_until: Date | null;
};

export type CorrectionClaim =
  /** Leased: the context is the published delivery with the newer revision in place of its own. */
  | { kind: 'claimed'; correctionId: string; context: DeliveryContext; attempt: { id: string; number: number; startedAt: Date; count: number } }
  /** Nothing to do (done, superseded, another worker holds it, the delivery is no longer published). */
  | { kind: 'skipped'; reason: string }
  /** Not now (a hold, another correction of the same post still running): re-enqueued at `runAt`, no attempt spent. */
  | { kind: 'waiting'; runAt: Date; reason: string }
  /** The older revision's publish is still in flight: no job until that delivery's next state change wakes it. */
  | { kind: 'held'; reason: string };

/**
 * How long a correction held by the freeze or its channel waits before it looks again: a net
 * only, since lifting the hold releases it at once (release.ts, with the held deliveries).
 */
const HOLD_RECHECK_MS = 5 * 60_000;

/**
 * The correction's claim transaction, like a publish's: a `held` correction first settles by
 * the state of the delivery it waits on (held.ts); then it checks that the delivery still
 * shows an object to edit and that this revision is still the one to show, then leases the
 * correction and writes an attempt row on the delivery. A hold (freeze, paused or
 * disconnected channel) waits without spending an attempt.
 */
export async function claimCorrection(tx: Queryable, actor: Actor, input: { correctionId: string; owner: string; leaseMs: number; now: Date }): Promise<CorrectionClaim> {
  const { now, correctionId } = input;
  const at = now.toISOString();
  const [c] = await tx.execute<CorrectionRow>(sql`select * from delivery_corrections where id = ${correctionId} for update`);
  if (!c) return { kind: 'skipped', reason: 'gone' };
  if (c.state === 'held') {
    const settled = await settleHeld(tx, actor, c, now);
    if (settled.kind !== 'edit') return settled;
    c.run_at = now;
  }
  const expired = c.state === 'updating' && c.lease_until !== null && new Date(c.lease_until).getTime() < now.getTime();
  if (c.state !== 'pending' && c.state !== 'held' && !expired) return { kind: 'skipped', reason: c.state };
  const runAt = new Date(c.run_at);
  if (runAt.getTime() > now.getTime() + 1_000) {
    await enqueueCorrection(tx, correctionId, runAt);
    return { kind: 'waiting', runAt, reason: 'not yet' };
  }
  const ctx = await loadDeliveryContext(tx, c.delivery_id, { lock: true, revisionId: c.revision_id });
  if (!ctx || ctx.delivery.state !== 'published' || !ctx.delivery.externalId) {
    await finish(tx, correctionId, 'superseded', at, null);
    return { kind: 'skipped', reason: `delivery ${ctx?.delivery.state ?? 'gone'}` };
  }
  const problem = contentProblem(ctx, now);
  if (problem) {
    // A newer approval took over (its own correction shows it), or this content may no longer go out.
    if (problem.code === 'REVISION_NOT_APPROVED') await finish(tx, correctionId, 'superseded', at, problem);
    else {
      const channel = { id: ctx.channel.id, name: ctx.channel.name, unitId: ctx.channel.unitId };
      await failCorrection(tx, actor, { correctionId, deliveryId: c.delivery_id, revisionId: c.revision_id, channel, now, code: problem.code, reason: { vi: problem.reason, en: `The content may no longer go out (${problem.code})` } });
    }
    return { kind: 'skipped', reason: problem.code };
  }
  const busy = await tx.execute<{ lease_until: Date }>(sql`
    select lease_until from delivery_corrections
    where delivery_id = ${c.delivery_id} and id <> ${correctionId} and state = 'updating' and lease_until >= ${at}::timestamptz`);
  const hold = busy[0] ? { until: new Date(busy[0].lease_until), reason: 'Đang sửa bài theo bản trước; sẽ sửa tiếp sau đó', code: null } : await holdOf(tx, ctx, now);
  if (hold) {
    await tx.execute(sql`
      update delivery_corrections set run_at = ${hold.until.toISOString()}::timestamptz, last_error_code = ${hold.code}, last_error_message = ${hold.reason}
      where id = ${correctionId}`);
    await enqueueCorrection(tx, correctionId, hold.until);
    return { kind: 'waiting', runAt: hold.until, reason: hold.reason };
  }
  const count = c.attempt_count + 1;
  await tx.execute(sql`
    update delivery_corrections set state = 'updating', attempt_count = ${count}, lease_owner = ${input.owner},
      lease_until = ${new Date(now.getTime() + input.leaseMs).toISOString()}::timestamptz, last_error_message = null
    where id = ${correctionId}`);
  const [attempt] = await tx.execute<{ id: string; number: number }>(sql`
    insert into delivery_attempts (delivery_id, number, started_at, worker)
    select ${c.delivery_id}, coalesce(max(number), 0) + 1, ${at}::timestamptz, ${input.owner}
    from delivery_attempts where delivery_id = ${c.delivery_id}
    returning id, number`);
  await audit(tx, actor, {
    action: 'delivery.correction_claim',
    entityType: 'delivery',
    entityId: c.delivery_id,
    unitId: ctx.unit.id,
    data: { correctionId, revisionId: c.revision_id, attempt: count },
  });
  return { kind: 'claimed', correctionId, context: ctx, attempt: { id: attempt!.id, number: attempt!.number, startedAt: now, count } };
}

async function finish(tx: Queryable, id: string, state: 'superseded', at: string, problem: { code: string; reason: string } | null): Promise<void> {
  await tx.execute(sql`
    update delivery_corrections set state = ${state}, finished_at = ${at}::timestamptz, lease_owner = null, lease_until = null,
      last_error_code = ${problem?.code ?? null}, last_error_message = ${problem?.reason ?? null}
    where id = ${id}`);
}

async function holdOf(q: Queryable, ctx: DeliveryContext, now: Date): Promise<{ until: Date; reason: string; code: HoldCode } | null> {
  const until = new Date(now.getTime() + HOLD_RECHECK_MS);
  const freeze = await getFreeze(q);
  if (freeze.on) return { until, reason: holdMessages.frozen(freeze.reason), code: holdCodes.frozen };
  const { channel } = ctx;
  if (channel.status === 'needs_reconnect') return { until, reason: holdMessages.needsReconnect(), code: holdCodes.notConnected };
  if (channel.status === 'disabled') return { until, reason: holdMessages.disabled(), code: holdCodes.notConnected };
  if (channel.paused) return { until, reason: holdMessages.paused(channel.pauseReason), code: holdCodes.paused };
  return null;
}
