import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { markChannelNeedsReconnect, type ChannelRef } from '../deliveries/channel-state.ts';
import { redactExcerpt } from '../deliveries/excerpt.ts';
import { backoffMs, type DeliveryPolicy } from '../deliveries/policy.ts';
import type { AttemptError } from '../deliveries/record.ts';
import type { Messages } from '../../lib/errors.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { enqueueCorrection } from './jobs.ts';

export type CorrectionOutcome =
  | { kind: 'updated'; externalId: string; url: string | null }
  /** "Not before T, because R" (a quota, a window): waits without spending an attempt. */
  | { kind: 'deferred'; notBefore: Date; reason: Messages; code: string }
  | { kind: 'error'; error: AttemptError };

export interface CorrectionRecordInput {
  correctionId: string;
  deliveryId: string;
  revisionId: string;
  attempt: { id: string; startedAt: Date; count: number };
  owner: string;
  channel: ChannelRef;
  outcome: CorrectionOutcome;
  now: Date;
  policy: DeliveryPolicy;
  random?: () => number;
}

export type CorrectionRecord = { kind: 'done' } | { kind: 'retry'; runAt: Date } | { kind: 'failed' } | { kind: 'lost' };

/**
 * The correction's record transaction: closes the attempt row, then — edited: the delivery
 * now shows the newer revision (same object, same id); a transient failure: another try
 * later (an edit is safe to repeat, so even a timeout is simply retried — it can never make a
 * second post); otherwise failed, on the board with its Vietnamese reason and told to the unit.
 */
export async function recordCorrection(tx: Queryable, actor: Actor, input: CorrectionRecordInput): Promise<CorrectionRecord> {
  const { outcome, now } = input;
  const at = now.toISOString();
  const error = outcome.kind === 'error' ? outcome.error : null;
  const attemptOutcome = outcome.kind === 'updated' ? 'corrected' : outcome.kind === 'deferred' ? 'deferred' : 'correction_error';
  await tx.execute(sql`
    update delivery_attempts set finished_at = ${at}::timestamptz, duration_ms = ${now.getTime() - input.attempt.startedAt.getTime()},
      outcome = ${attemptOutcome}, error_kind = ${error?.kind ?? null}, error_code = ${error?.code ?? null},
      platform_code = ${error?.platformCode ?? null}, excerpt = ${error?.excerpt ? redactExcerpt(error.excerpt) : null}
    where id = ${input.attempt.id}`);
  const [c] = await tx.execute<{ state: string; lease_owner: string | null }>(sql`
    select state, lease_owner from delivery_corrections where id = ${input.correctionId} for update`);
  if (!c || c.state !== 'updating' || c.lease_owner !== input.owner) return { kind: 'lost' };
  const unitId = input.channel.unitId;

  if (outcome.kind === 'updated') {
    await tx.execute(sql`
      update delivery_corrections set state = 'done', finished_at = ${at}::timestamptz, lease_owner = null, lease_until = null,
        last_error_code = null, last_error_message = null
      where id = ${input.correctionId}`);
    const [before] = await tx.execute<{ revision_id: string }>(sql`
      update deliveries n set revision_id = ${input.revisionId}, external_url = coalesce(${outcome.url}, n.external_url),
        last_error_kind = null, last_error_code = null, last_error_message = null, updated_at = ${at}::timestamptz
      from deliveries o where n.id = o.id and n.id = ${input.deliveryId}
      returning o.revision_id`);
    await audit(tx, actor, {
      action: 'delivery.corrected',
      entityType: 'delivery',
      entityId: input.deliveryId,
      unitId,
      data: { correctionId: input.correctionId, revisionId: input.revisionId, previousRevisionId: before?.revision_id ?? null, externalId: outcome.externalId },
    });
    return { kind: 'done' };
  }

  if (outcome.kind === 'deferred') {
    await tx.execute(sql`
      update delivery_corrections set state = 'pending', run_at = ${outcome.notBefore.toISOString()}::timestamptz, attempt_count = attempt_count - 1,
        lease_owner = null, lease_until = null, last_error_code = ${outcome.code}, last_error_message = ${outcome.reason.vi}
      where id = ${input.correctionId}`);
    await enqueueCorrection(tx, input.correctionId, outcome.notBefore);
    return { kind: 'retry', runAt: outcome.notBefore };
  }

  const e = outcome.error;
  if ((e.kind === 'transient' || e.kind === 'rate_limited') && input.attempt.count < input.policy.maxAttempts) {
    const wait = e.retryAt ? Math.max(e.retryAt.getTime() - now.getTime(), 0) : backoffMs(input.attempt.count, input.policy, input.random);
    const runAt = new Date(now.getTime() + wait);
    await tx.execute(sql`
      update delivery_corrections set state = 'pending', run_at = ${runAt.toISOString()}::timestamptz, lease_owner = null, lease_until = null,
        last_error_code = ${e.code}, last_error_message = ${`Sửa bài chưa được, sẽ thử lại: ${e.messages.vi}`}
      where id = ${input.correctionId}`);
    await audit(tx, actor, {
      action: 'delivery.correction_retry',
      entityType: 'delivery',
      entityId: input.deliveryId,
      unitId,
      data: { correctionId: input.correctionId, code: e.code, runAt: runAt.toISOString() },
    });
    await enqueueCorrection(tx, input.correctionId, runAt);
    return { kind: 'retry', runAt };
  }
  if (e.kind === 'auth') {
    await markChannelNeedsReconnect(tx, actor, input.channel, {
      code: e.code,
      roles: ['admin', 'editor'],
      body: {
        vi: `Nền tảng không nhận thông tin đăng nhập của kênh khi sửa bài đã đăng: ${e.messages.vi}. Người quản trị kênh hãy kết nối lại kênh (hoặc nhập lại thông tin xác thực).`,
        en: `The platform refused the channel's credentials while editing a published post: ${e.messages.en}. The channel's administrator should reconnect it (or enter its credentials again).`,
      },
      data: { channelId: input.channel.id, code: e.code },
    });
  }
  await failCorrection(tx, actor, { ...input, code: e.code, reason: e.messages });
  return { kind: 'failed' };
}

/**
 * The correction did not and will not happen: the post stays as first published. The
 * reason goes on the delivery (the board shows it beside the live post) and to the unit.
 */
export async function failCorrection(
  tx: Queryable,
  actor: Actor,
  input: { correctionId: string; deliveryId: string; revisionId: string; channel: ChannelRef; now: Date; code: string; reason: Messages },
): Promise<void> {
  const message = `Chưa sửa được bài đã đăng theo bản mới; bài trên kênh vẫn là bản cũ: ${input.reason.vi}`;
  await tx.execute(sql`
    update delivery_corrections set state = 'failed', finished_at = ${input.now.toISOString()}::timestamptz, lease_owner = null, lease_until = null,
      last_error_code = ${input.code}, last_error_message = ${message}
    where id = ${input.correctionId}`);
  await tx.execute(sql`
    update deliveries set last_error_code = ${`CORRECTION_${input.code}`}, last_error_message = ${message}, updated_at = ${input.now.toISOString()}::timestamptz
    where id = ${input.deliveryId}`);
  await audit(tx, actor, {
    action: 'delivery.correction_failed',
    entityType: 'delivery',
    entityId: input.deliveryId,
    unitId: input.channel.unitId,
    data: { correctionId: input.correctionId, revisionId: input.revisionId, code: input.code, reason: input.reason.vi },
  });
  await notifyUnitRoles(tx, input.channel.unitId, ['admin', 'editor'], {
    kind: 'correction_failed',
    title: { vi: `Chưa sửa được bài trên kênh "${input.channel.name}"`, en: `A published post on channel "${input.channel.name}" could not be corrected` },
    body: { vi: message, en: `The published post was not edited to the newer revision; the channel still shows the old one: ${input.reason.en}` },
    data: { deliveryId: input.deliveryId, channelId: input.channel.id, code: input.code },
  });
}
