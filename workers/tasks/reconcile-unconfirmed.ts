import type { Task } from 'graphile-worker';
import { Deferral } from '../../connectors/contract.ts';
import { systemActor } from '../../core/actor.ts';
import { loadDeliveryContext, type DeliveryContext } from '../../core/deliveries/context.ts';
import { backoffMs } from '../../core/deliveries/policy.ts';
import { reconcileFailures, recordReconcile, type ReconcileOutcome } from '../../core/deliveries/reconcile.ts';
import { saveProgress } from '../../core/deliveries/lease.ts';
import { decideAbsent, earlierAbsentReads, lastAttempt, settleMsOf } from '../../core/deliveries/settle.ts';
import type { Logger } from '../../lib/logger.ts';
import { attemptError } from '../attempt-outcome.ts';
import { withFreshCredentials } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { holdFollowUpLease } from '../follow-up-lease.ts';
import { createPublishContext } from '../publish-context.ts';
import { buildRenderedPost } from '../rendered-post.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/**
 * `reconcile_unconfirmed`: asks the platform whether the post carrying the delivery's
 * marker exists. Found → published; not found → read again until the connector's settle
 * time after the attempt has passed and a second, spaced read agrees, then scheduled and
 * published again (once); "cannot tell", a platform with no lookup, or lookups that keep
 * failing → a person is asked to settle it (never a re-publish).
 */
export function createReconcileTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const context = await loadDeliveryContext(deps.db, deliveryId);
    if (context?.delivery.state !== 'unconfirmed') return log.info({ state: context?.delivery.state ?? null }, 'delivery.skip');
    const { channel } = context;
    const clog = log.child({ channelId: channel.id, connector: channel.platform });
    const lease = await holdFollowUpLease(deps, deliveryId, 'unconfirmed', clog);
    if (!lease) return clog.info('delivery.lease_held_elsewhere');
    let outcome: ReconcileOutcome;
    try {
      outcome = await lookUp(deps, context, lease.owner, AbortSignal.any([helpers.abortSignal, lease.signal]), clog);
    } finally {
      lease.stop();
    }
    const state = await deps.db.transaction((tx) =>
      recordReconcile(tx, systemActor, { deliveryId, owner: lease.owner, channel: channelRef(channel), outcome, now: deps.clock.now() }),
    );
    clog.info({ from: 'unconfirmed', to: state, reconcile: outcome.kind }, 'delivery.reconcile');
    if (outcome.kind === 'retry') deps.wake(outcome.runAt);
    if (outcome.kind === 'recheck') deps.wake(outcome.at);
  };
}

async function lookUp(deps: TaskDeps, context: DeliveryContext, owner: string, signal: AbortSignal, log: Logger): Promise<ReconcileOutcome> {
  const deliveryId = context.delivery.id;
  const platform = context.channel.platform;
  const connector = deps.connectors.for(platform);
  if (!connector?.reconcile) {
    return {
      kind: 'needs_person',
      code: 'NO_RECONCILE',
      reason: {
        vi: `Kênh loại ${platform} không cho tra cứu bài đã đăng, nên Loa không tự biết bài đã lên hay chưa`,
        en: `A ${platform} channel offers no lookup of published posts, so Loa cannot tell by itself whether the post went out`,
      },
    };
  }
  try {
    const post = buildRenderedPost(context, deps.storage);
    const attempt = await lastAttempt(deps.db, deliveryId);
    const now = deps.clock.now();
    const attemptStartedAt = attempt?.startedAt ?? context.delivery.dueAt;
    const attemptEndedAt = attempt?.finishedAt ?? now;
    const ref = { deliveryId, marker: post.marker, attemptStartedAt, attemptEndedAt, progress: context.delivery.progress, post };
    // An expired token (YouTube 401, Zalo -124) is refreshed once and the lookup read again, not handed to a person.
    const result = await withFreshCredentials(deps, context.channel, { log, signal }, (channel) =>
      connector.reconcile!(
        ref,
        createPublishContext(deps, {
          context: { ...context, channel },
          log,
          signal,
          saveProgress: async (patch) => {
            if (!(await saveProgress(deps.db, deliveryId, owner, patch, ['unconfirmed']))) throw new Error('Lease lost: step progress not saved');
          },
        }),
      ),
    );
    if (result.kind === 'published') return { kind: 'found', externalId: result.externalId, url: result.url };
    if (result.kind === 'cannot_tell') return { kind: 'needs_person', code: result.code, reason: result.reason };
    if (result.kind === 'resume') return result;
    const number = attempt?.number ?? 0;
    const settleMs = settleMsOf(context.channel.settings, connector.settleMs);
    const decision = decideAbsent({ attemptEndedAt, settleMs, now, earlierReads: await earlierAbsentReads(deps.db, deliveryId, number) });
    return decision.kind === 'absent' ? { kind: 'absent' } : { kind: 'recheck', attempt: number, at: decision.at };
  } catch (err) {
    if (err instanceof Deferral) return { kind: 'retry', runAt: err.notBefore, code: err.code };
    const e = attemptError(err, log);
    if (e.kind === 'transient' || e.kind === 'rate_limited') {
      const failures = (await reconcileFailures(deps.db, deliveryId)) + 1;
      if (failures >= deps.policy.maxAttempts) {
        return {
          kind: 'needs_person',
          code: e.code,
          reason: { vi: `Tra cứu trên nền tảng thất bại ${failures} lần (${e.code}: ${e.messages.vi})`, en: `The lookup on the platform failed ${failures} times (${e.code}: ${e.messages.en})` },
        };
      }
      const now = deps.clock.now().getTime();
      const runAt = e.retryAt && e.retryAt.getTime() > now ? e.retryAt : new Date(now + Math.max(deps.policy.retryBaseMs, backoffMs(failures, deps.policy)));
      return { kind: 'retry', runAt, code: e.code };
    }
    return { kind: 'needs_person', code: e.code, reason: { vi: `Không tra cứu được trên nền tảng: ${e.messages.vi}`, en: `The lookup on the platform failed: ${e.messages.en}` } };
  }
}
