import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { deliveries, deliveryAttempts, type DeliveryState, type ErrorKind } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { deliveryFailedTitle } from '../notifications/delivery-titles.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { markChannelNeedsReconnect, type ChannelRef } from './channel-state.ts';
import { redactExcerpt } from './excerpt.ts';
import { enqueuePoll, enqueueReconcile } from './follow-up-jobs.ts';
import { enqueuePublish } from './jobs.ts';
import { backoffMs, type DeliveryPolicy } from './policy.ts';
import { transitionDelivery, type DeliveryPatch, type PublishFollowUps } from './transition.ts';

/** A connector failure as core sees it (workers translate connectors' ConnectorError). */
export interface AttemptError {
  kind: ErrorKind;
  code: string;
  messages: Messages;
  retryAt?: Date | undefined;
  sideEffectPossible: boolean;
  /** Retried like any transient error, but the attempt is stored as `sent` (see landed.ts). */
  mayHaveLanded?: boolean | undefined;
  platformCode?: string | undefined;
  excerpt?: string | undefined;
  /** The channel's endpoint is gone for good (a webhook 410): the channel stops, as for refused credentials. */
  endpointGone?: boolean | undefined;
}

export type AttemptOutcome =
  | { kind: 'published'; externalId: string; url: string | null }
  | { kind: 'processing'; handle: unknown; pollAfterMs: number }
  /** "Not before T, because R": back to `scheduled`, the attempt is not counted. */
  | { kind: 'deferred'; notBefore: Date; reason: Messages; code: string }
  | { kind: 'error'; error: AttemptError };

export interface RecordInput {
  deliveryId: string;
  attempt: { id: string; startedAt: Date };
  /** The claim's lease owner: a delivery swept away from us meanwhile is not ours to write. */
  owner: string;
  channel: ChannelRef;
  outcome: AttemptOutcome;
  now: Date;
  policy: DeliveryPolicy;
  random?: () => number;
  /** For a `published` outcome: its connector's metrics schedule and last-net scan (see PublishFollowUps). */
  followUps?: PublishFollowUps;
}

export type RecordResult =
  | { kind: 'recorded'; state: DeliveryState; nextRunAt: Date | null }
  /** The lease was lost (swept to `unconfirmed`): the outcome is left for reconciliation. */
  | { kind: 'lost'; state: DeliveryState | null };

/**
 * The record transaction (step 3 of a publish): closes the attempt row and moves the
 * delivery by the outcome. An error that may have reached the platform goes to
 * `unconfirmed` with a reconcile job — checked before anything else, never a blind retry.
 */
export async function recordAttempt(tx: Queryable, actor: Actor, input: RecordInput): Promise<RecordResult> {
  const { deliveryId, outcome, now } = input;
  // The attempt row is closed even when the lease was lost; one statement with the lock.
  const closed = tx.$with('closed').as(closeAttempt(tx, input));
  const [d] = await tx.with(closed).select().from(deliveries).where(eq(deliveries.id, deliveryId)).for('update');
  if (!d || d.state !== 'publishing' || d.leaseOwner !== input.owner) return { kind: 'lost', state: d?.state ?? null };
  const released: DeliveryPatch = { leaseUntil: null, leaseOwner: null };
  const move = async (to: DeliveryState, patch: DeliveryPatch, note: Record<string, unknown> = {}) => {
    await transitionDelivery(tx, actor, deliveryId, ['publishing'], to, { ...released, ...patch }, note, input.followUps);
  };

  switch (outcome.kind) {
    case 'published':
      await move('published', {
        externalId: outcome.externalId,
        externalUrl: outcome.url,
        publishedAt: now,
        holdReason: null,
        lastErrorKind: null,
        lastErrorCode: null,
        lastErrorMessage: null,
      });
      return { kind: 'recorded', state: 'published', nextRunAt: null };
    case 'processing': {
      const runAt = new Date(now.getTime() + outcome.pollAfterMs);
      await move('processing', { progress: { ...d.progress, processing: outcome.handle } });
      await enqueuePoll(tx, deliveryId, runAt);
      return { kind: 'recorded', state: 'processing', nextRunAt: null };
    }
    case 'deferred': {
      const runAt = outcome.notBefore.getTime() > now.getTime() ? outcome.notBefore : now;
      await move(
        'scheduled',
        { notBefore: runAt, holdReason: outcome.reason.vi, lastErrorCode: outcome.code, attemptCount: Math.max(0, d.attemptCount - 1) },
        { deferred: outcome.code, notBefore: runAt },
      );
      await enqueuePublish(tx, deliveryId, runAt);
      return { kind: 'recorded', state: 'scheduled', nextRunAt: runAt };
    }
    case 'error':
      return recordError(tx, actor, input, outcome.error, d.attemptCount, move);
  }
}

type Move = (to: DeliveryState, patch: DeliveryPatch, note?: Record<string, unknown>) => Promise<void>;

async function recordError(tx: Queryable, actor: Actor, input: RecordInput, error: AttemptError, attempts: number, move: Move): Promise<RecordResult> {
  const { deliveryId, now, channel } = input;
  const lastError: DeliveryPatch = { lastErrorKind: error.kind, lastErrorCode: error.code, lastErrorMessage: error.messages.vi };
  if (error.sideEffectPossible) {
    await move('unconfirmed', { ...lastError, holdReason: 'Chưa rõ nền tảng đã nhận bài hay chưa; đang đối soát' }, { code: error.code });
    await enqueueReconcile(tx, deliveryId, now);
    return { kind: 'recorded', state: 'unconfirmed', nextRunAt: null };
  }
  if (error.kind === 'auth') {
    return stopChannel(tx, actor, channel, error, lastError, move, {
      // The code (e.g. WP_400_rest_invalid_param) is for support: it stays in the attempt row and the audit, not in what officers read.
      vi: `Nền tảng không nhận thông tin đăng nhập của kênh: ${error.messages.vi}. Người quản trị kênh hãy kết nối lại kênh (hoặc nhập lại thông tin xác thực); các bài chờ đăng trên kênh tạm dừng cho tới lúc đó rồi tự đăng tiếp.`,
      en: `The platform refused the channel's credentials: ${error.messages.en}. The channel's administrator should reconnect it (or enter its credentials again); its waiting posts are held until then and continue by themselves.`,
    });
  }
  if (error.endpointGone) {
    // The receiver did not take this post either: it waits with the others and goes out once
    // the channel is reconnected, rather than failing (nothing is lost, nothing doubled).
    return stopChannel(tx, actor, channel, error, lastError, move, {
      vi: `${error.messages.vi}. Các bài chờ đăng trên kênh (kể cả bài vừa bị trả về) tạm dừng cho tới khi kênh được kết nối lại, rồi tự đăng tiếp.`,
      en: `${error.messages.en}. The channel's waiting posts (the refused one too) are held until the channel is reconnected, then go out by themselves.`,
    }, 'endpoint_gone');
  }
  if (error.kind === 'permanent') {
    await move('failed', lastError, { code: error.code });
    await notifyFailed(tx, input, error.messages);
    return { kind: 'recorded', state: 'failed', nextRunAt: null };
  }
  if (attempts >= input.policy.maxAttempts) {
    // What officers read on the board, home and the notice; the last code stays in the attempt rows and the audit (lastCode).
    const reason = `Đã thử ${attempts} lần không thành công; lần cuối: ${error.messages.vi}`;
    await move('failed', { ...lastError, lastErrorCode: 'STALE', lastErrorMessage: reason }, { code: 'STALE', lastCode: error.code });
    await notifyFailed(tx, input, { vi: reason, en: `Failed after ${attempts} attempts; the last time: ${error.messages.en}` });
    return { kind: 'recorded', state: 'failed', nextRunAt: null };
  }
  const backoff = new Date(now.getTime() + backoffMs(attempts, input.policy, input.random));
  // The platform's own time (Retry-After, quota reset) wins over our backoff.
  const runAt = error.retryAt && error.retryAt.getTime() > now.getTime() ? error.retryAt : backoff;
  await move('retrying', { ...lastError, notBefore: runAt }, { code: error.code, retryAt: runAt });
  await enqueuePublish(tx, deliveryId, runAt);
  return { kind: 'recorded', state: 'retrying', nextRunAt: runAt };
}

/**
 * The channel cannot take posts until a person acts (credentials refused, endpoint gone): this
 * delivery waits in `needs_reconnect` and the channel becomes `needs_reconnect`, which holds
 * its other deliveries at claim time; reconnecting releases them all (channel-state.ts).
 */
async function stopChannel(tx: Queryable, actor: Actor, channel: ChannelRef, error: AttemptError, lastError: DeliveryPatch, move: Move, body: Messages, reason?: string): Promise<RecordResult> {
  await move('needs_reconnect', { ...lastError, holdReason: `Kênh cần kết nối lại: ${error.messages.vi}` }, { code: error.code });
  await markChannelNeedsReconnect(tx, actor, channel, {
    code: error.code,
    ...(reason === undefined ? {} : { reason }),
    roles: ['admin', 'editor'],
    body,
    data: { channelId: channel.id, code: error.code },
  });
  return { kind: 'recorded', state: 'needs_reconnect', nextRunAt: null };
}

function attemptErrorOutcome(error: AttemptError): string {
  if (error.sideEffectPossible) return 'unconfirmed';
  return error.mayHaveLanded ? 'sent' : 'error';
}

function closeAttempt(tx: Queryable, input: RecordInput) {
  const { outcome } = input;
  const error = outcome.kind === 'error' ? outcome.error : null;
  return tx
    .update(deliveryAttempts)
    .set({
      finishedAt: input.now,
      durationMs: Math.max(0, input.now.getTime() - input.attempt.startedAt.getTime()),
      outcome: error ? attemptErrorOutcome(error) : outcome.kind,
      errorKind: error?.kind ?? null,
      errorCode: error?.code ?? (outcome.kind === 'deferred' ? outcome.code : null),
      platformCode: error?.platformCode ?? null,
      excerpt: error?.excerpt ? redactExcerpt(error.excerpt) : outcome.kind === 'deferred' ? outcome.reason.vi : null,
    })
    .where(eq(deliveryAttempts.id, input.attempt.id))
    .returning({ id: deliveryAttempts.id });
}

async function notifyFailed(q: Queryable, input: RecordInput, reason: Messages): Promise<void> {
  await notifyUnitRoles(q, input.channel.unitId, ['admin', 'editor'], {
    kind: 'delivery_failed',
    title: deliveryFailedTitle(input.channel.name),
    body: reason,
    data: { deliveryId: input.deliveryId, channelId: input.channel.id },
  });
}
