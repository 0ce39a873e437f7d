import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { DeliveryState } from '../../db/schema/enums.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { cancelReasons } from '../content/cancel-reasons.ts';
import type { ChannelRef } from '../deliveries/channel-state.ts';
import { createDeliveriesForRevision } from '../deliveries/create.ts';
import { removePublishJob } from '../deliveries/jobs.ts';
import { stateNames } from '../deliveries/permits.ts';
import { unstartedStates } from '../deliveries/states.ts';
import { lookUpFailed, mayHaveLandedSql, OPERATOR_FAILED } from '../deliveries/landed.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import type { Messages } from '../../lib/errors.ts';
import { mayBeOnPlatform } from './in-flight.ts';
import { failCorrection } from './record.ts';

/** Shown on the board while a correction waits for the older revision's publish to settle. */
export function heldMessage(state: DeliveryState): string {
  return `Chờ kết quả đăng bản cũ (đang ${stateNames[state].vi}): đã lên kênh thì sửa theo bản mới, không lên thì đăng bản mới một lần`;
}

/** A correction failed because nobody can tell whether the older revision landed: a person looks. */
export const LANDING_UNKNOWN = 'LANDING_UNKNOWN';

/** Why: the older revision stopped (`state`) after an attempt that may have reached the platform. */
export function landingUnknown(state: Messages): Messages {
  return {
    vi: `bản cũ dừng ở trạng thái "${state.vi}" sau một lần gửi có thể đã tới nền tảng, và Loa không xác định được bài đã lên hay chưa; hãy xem kênh, đánh dấu kết quả lượt đăng rồi thử lại sửa bài`,
    en: `the older revision stopped (${state.en}) after an attempt that may have reached the platform, and Loa cannot tell whether it landed; look at the channel, mark the delivery, then retry the correction`,
  };
}

export type HeldSettlement =
  /** The older revision landed: the correction is `pending` again and edits it now. */
  | { kind: 'edit' }
  /** Still in flight: nothing to do until the delivery's next state change wakes it. */
  | { kind: 'held'; reason: string }
  /** Finished otherwise (replaced by a normal publish, superseded, or failed visibly). */
  | { kind: 'skipped'; reason: string };

/**
 * A `held` correction woken up (the delivery it waits on changed state, the sweep, a retry):
 * decides under the delivery's row lock, so the delivery cannot move meanwhile.
 * - published → edit in place;
 * - still possibly reaching the platform → keep waiting;
 * - never reached it (failed, cancelled, or waiting again with nothing created) → the older
 *   delivery is cancelled if it has not started, and this revision gets a normal delivery on
 *   the channel (exactly one post); the correction ends `replaced`;
 * - stopped after a step that created something on the platform → failed, for a person to
 *   look (an automatic second publish could leave two objects);
 * - failed after an attempt that may have reached the platform (landed.ts) → looked up first
 *   (`unconfirmed`, reconcile), and this stays held: found → edit, proven absent → replaced,
 *   "cannot tell" → failed `LANDING_UNKNOWN` (core/deliveries/reconcile.ts); the same failure
 *   at once where a person already marked it failed, or it was cancelled after such an attempt.
 */
export async function settleHeld(tx: Queryable, actor: Actor, c: { id: string; delivery_id: string; revision_id: string }, now: Date): Promise<HeldSettlement> {
  const at = now.toISOString();
  const [d] = await tx.execute<{
    state: DeliveryState;
    progress: Record<string, unknown>;
    external_id: string | null;
    last_error_code: string | null;
    landed: boolean;
    channel_id: string;
    channel_name: string;
    unit_id: string;
    revision_state: string;
  }>(sql`
    select d.state, d.progress, d.external_id, d.last_error_code, ${mayHaveLandedSql('d')} as landed, d.channel_id, ch.name as channel_name, ch.unit_id, r.state as revision_state
    from deliveries d join channels ch on ch.id = d.channel_id join revisions r on r.id = ${c.revision_id}
    where d.id = ${c.delivery_id}
    for update of d`);
  if (!d) return finish(tx, c.id, 'superseded', at, 'gone');
  if (d.state === 'published' && d.external_id) {
    await tx.execute(sql`update delivery_corrections set state = 'pending', run_at = ${at}::timestamptz, last_error_message = null where id = ${c.id}`);
    return { kind: 'edit' };
  }
  if (mayBeOnPlatform(d)) {
    const reason = heldMessage(d.state);
    await tx.execute(sql`update delivery_corrections set last_error_message = ${reason} where id = ${c.id}`);
    return { kind: 'held', reason };
  }
  // A newer approval took over: its own correction (or delivery) shows the newest revision.
  if (d.revision_state !== 'approved') return finish(tx, c.id, 'superseded', at, `revision ${d.revision_state}`);
  const channel = { id: d.channel_id, name: d.channel_name, unitId: d.unit_id };
  if (Object.keys(d.progress).length > 0) {
    await failCorrection(tx, actor, {
      correctionId: c.id,
      deliveryId: c.delivery_id,
      revisionId: c.revision_id,
      channel,
      now,
      code: 'PARTIAL_PUBLISH',
      reason: {
        vi: `bản cũ dừng ở trạng thái "${stateNames[d.state].vi}" sau khi một bước đã tạo nội dung trên nền tảng; hãy xem kênh rồi quyết định`,
        en: `the older revision stopped (${stateNames[d.state].en}) after a step created something on the platform; look at the channel, then decide`,
      },
    });
    return { kind: 'skipped', reason: 'PARTIAL_PUBLISH' };
  }
  if (d.landed && (d.state === 'failed' || d.state === 'cancelled')) {
    // Stopped after an attempt that may have reached the platform: looked up, never posted beside.
    if (d.state === 'failed' && d.last_error_code !== OPERATOR_FAILED) {
      await lookUpFailed(tx, actor, c.delivery_id, now, { correctionId: c.id });
      const reason = heldMessage('unconfirmed');
      await tx.execute(sql`update delivery_corrections set last_error_message = ${reason} where id = ${c.id}`);
      return { kind: 'held', reason };
    }
    await failCorrection(tx, actor, { correctionId: c.id, deliveryId: c.delivery_id, revisionId: c.revision_id, channel, now, code: LANDING_UNKNOWN, reason: landingUnknown(stateNames[d.state]) });
    return { kind: 'skipped', reason: LANDING_UNKNOWN };
  }
  if (unstartedStates.includes(d.state)) {
    const r = cancelReasons.superseded;
    await transitionDelivery(tx, actor, c.delivery_id, [d.state], 'cancelled', { holdReason: r.vi, lastErrorCode: r.code }, { reason: r.code, correctionId: c.id });
    await removePublishJob(tx, c.delivery_id);
  } else if (d.state !== 'failed' && d.state !== 'cancelled') {
    return finish(tx, c.id, 'superseded', at, `delivery ${d.state}`);
  }
  const [deliveryId] = await createDeliveriesForRevision(tx, actor, c.revision_id, now, [], d.channel_id);
  await tx.execute(sql`
    update delivery_corrections set state = 'replaced', finished_at = ${at}::timestamptz,
      last_error_message = ${'Bản cũ không lên kênh; bản mới được đăng như một bài mới (một lần)'}
    where id = ${c.id}`);
  await audit(tx, actor, {
    action: 'delivery.correction_replaced',
    entityType: 'delivery',
    entityId: c.delivery_id,
    unitId: d.unit_id,
    data: { correctionId: c.id, revisionId: c.revision_id, olderState: d.state, newDeliveryId: deliveryId ?? null },
  });
  return { kind: 'skipped', reason: 'replaced' };
}

/**
 * A reconcile that cannot settle an unconfirmed delivery hands it to a person: the held
 * corrections waiting on it fail visibly (`LANDING_UNKNOWN`) rather than wait unseen; once the
 * person has marked the delivery, "Thử lại sửa bài" takes it from there.
 */
export async function failHeldCorrections(tx: Queryable, actor: Actor, input: { deliveryId: string; channel: ChannelRef; now: Date }): Promise<void> {
  const held = await tx.execute<{ id: string; revision_id: string }>(sql`
    select id, revision_id from delivery_corrections where delivery_id = ${input.deliveryId} and state = 'held' for update`);
  for (const c of held) {
    await failCorrection(tx, actor, { ...input, correctionId: c.id, revisionId: c.revision_id, code: LANDING_UNKNOWN, reason: landingUnknown(stateNames.unconfirmed) });
  }
}

async function finish(tx: Queryable, id: string, state: 'superseded', at: string, reason: string): Promise<HeldSettlement> {
  await tx.execute(sql`update delivery_corrections set state = ${state}, finished_at = ${at}::timestamptz where id = ${id}`);
  return { kind: 'skipped', reason };
}
