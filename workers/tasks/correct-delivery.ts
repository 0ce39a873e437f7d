import { randomUUID } from 'node:crypto';
import type { Task } from 'graphile-worker';
import { Deferral } from '../../connectors/contract.ts';
import { systemActor } from '../../core/actor.ts';
import { claimCorrection } from '../../core/corrections/claim.ts';
import { renewCorrectionLease, saveCorrectionProgress } from '../../core/corrections/lease.ts';
import { recordCorrection, type CorrectionOutcome } from '../../core/corrections/record.ts';
import type { DeliveryContext } from '../../core/deliveries/context.ts';
import type { Logger } from '../../lib/logger.ts';
import { attemptError } from '../attempt-outcome.ts';
import { withFreshCredentialsResuming } from '../credential-refresh.ts';
import type { TaskDeps } from '../deps.ts';
import { buildRenderedPost } from '../rendered-post.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/** Jobs carry only `{ correctionId }`. */
function correctionIdOf(payload: unknown): string {
  const id = (payload as { correctionId?: unknown } | null)?.correctionId;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('Job payload must be { correctionId: <uuid> }');
  return id;
}

/**
 * `correct_delivery`: shows a newer approved revision on an object already published, in
 * place (issue 11 finding 4). The same three steps as a publish — a short claim (lease,
 * attempt row), the connector's `update` outside any transaction under a renewed lease, a
 * short record — but an edit is safe to repeat, so any transient failure is just tried again
 * and nothing here can create a second post.
 */
export function createCorrectDeliveryTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const correctionId = correctionIdOf(payload);
    const owner = `${deps.workerId}/${randomUUID().slice(0, 8)}`;
    const log = deps.log.child({ correctionId, jobId: helpers.job.id });
    const claim = await deps.db.transaction((tx) =>
      claimCorrection(tx, systemActor, { correctionId, owner, leaseMs: deps.policy.leaseMs, now: deps.clock.now() }),
    );
    if (claim.kind === 'skipped') return log.info({ reason: claim.reason }, 'correction.skip');
    if (claim.kind === 'waiting') return log.info({ runAt: claim.runAt, reason: claim.reason }, 'correction.waiting');
    if (claim.kind === 'held') return log.info({ reason: claim.reason }, 'correction.held');

    const { context, attempt } = claim;
    const { channel, delivery } = context;
    const alog = log.child({ deliveryId: delivery.id, channelId: channel.id, connector: channel.platform, attempt: attempt.number });
    const outcome = await callUpdate(deps, context, correctionId, owner, helpers.abortSignal, alog);
    const result = await deps.db.transaction((tx) =>
      recordCorrection(tx, systemActor, {
        correctionId,
        deliveryId: delivery.id,
        revisionId: context.revision.id,
        attempt,
        owner,
        channel: channelRef(channel),
        outcome,
        now: deps.clock.now(),
        policy: deps.policy,
      }),
    );
    alog.info({ result: result.kind, ...(outcome.kind === 'error' ? { code: outcome.error.code } : {}) }, 'correction.recorded');
    if (result.kind === 'retry') deps.wake(result.runAt);
  };
}

/** Never throws; every failure becomes an outcome. */
async function callUpdate(deps: TaskDeps, context: DeliveryContext, correctionId: string, owner: string, jobSignal: AbortSignal, log: Logger): Promise<CorrectionOutcome> {
  const connector = deps.connectors.for(context.channel.platform);
  const d = context.delivery;
  if (!connector?.update) {
    return {
      kind: 'error',
      error: {
        kind: 'permanent',
        code: 'NO_UPDATE',
        messages: { vi: `Kênh loại ${context.channel.platform} không sửa được bài đã đăng`, en: `${context.channel.platform} channels cannot edit a published post` },
        sideEffectPossible: false,
      },
    };
  }
  const leaseLost = new AbortController();
  const timer = setInterval(() => {
    void renewCorrectionLease(deps.db, correctionId, owner, new Date(deps.clock.now().getTime() + deps.policy.leaseMs))
      .then((held) => {
        if (!held) leaseLost.abort(new Error('lease lost'));
      })
      .catch((err: unknown) => log.warn({ err }, 'correction.lease_renew_failed'));
  }, deps.heartbeatMs);
  try {
    // Rendered for the delivery that published the object: its marker stays on it.
    const post = buildRenderedPost(context, deps.storage);
    const signal = AbortSignal.any([jobSignal, leaseLost.signal]);
    const ref = { deliveryId: d.id, externalId: d.externalId!, url: d.externalUrl, publishedAt: d.publishedAt };
    const save = (patch: Record<string, unknown>) => saveCorrectionProgress(deps.db, correctionId, owner, patch);
    const updated = await withFreshCredentialsResuming(deps, context, { log, signal, save }, (ctx) => connector.update!(ref, post, ctx));
    return { kind: 'updated', externalId: updated.externalId, url: updated.url };
  } catch (err) {
    if (err instanceof Deferral) return { kind: 'deferred', notBefore: err.notBefore, reason: err.reason, code: err.code };
    return { kind: 'error', error: attemptError(err, log) };
  } finally {
    clearInterval(timer);
  }
}
