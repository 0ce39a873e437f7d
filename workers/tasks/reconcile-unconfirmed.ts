import type { Task } from 'graphile-worker';
import { Deferral } from '../../connectors/contract.ts';
import { systemActor } from '../../core/actor.ts';
import { loadDeliveryContext, type DeliveryContext } from '../../core/deliveries/context.ts';
import { backoffMs } from '../../core/deliveries/policy.ts';
import { lastAttemptStartedAt, reconcileFailures, recordReconcile, type ReconcileOutcome } from '../../core/deliveries/reconcile.ts';
import type { Logger } from '../../lib/logger.ts';
import { attemptError } from '../attempt-outcome.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { createPublishContext } from '../publish-context.ts';
import { buildRenderedPost } from '../rendered-post.ts';

/**
 * `reconcile_unconfirmed`: asks the platform whether the post carrying the delivery's
 * marker exists. Found → published; proven absent → scheduled and published again (once);
 * a platform with no lookup, or lookups that keep failing → a person is asked to settle it.
 */
export function createReconcileTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const context = await loadDeliveryContext(deps.db, deliveryId);
    if (context?.delivery.state !== 'unconfirmed') return log.info({ state: context?.delivery.state ?? null }, 'delivery.skip');
    const { channel } = context;
    const clog = log.child({ channelId: channel.id, connector: channel.platform });
    const outcome = await lookUp(deps, context, helpers.abortSignal, clog);
    const state = await deps.db.transaction((tx) =>
      recordReconcile(tx, systemActor, { deliveryId, channel: { id: channel.id, name: channel.name, unitId: channel.unitId }, outcome, now: deps.clock.now() }),
    );
    clog.info({ from: 'unconfirmed', to: state, reconcile: outcome.kind }, 'delivery.reconcile');
    if (outcome.kind === 'retry') deps.wake(outcome.runAt);
  };
}

async function lookUp(deps: TaskDeps, context: DeliveryContext, signal: AbortSignal, log: Logger): Promise<ReconcileOutcome> {
  const deliveryId = context.delivery.id;
  const platform = context.channel.platform;
  const connector = deps.connectors.for(platform);
  if (!connector?.reconcile) {
    return { kind: 'needs_person', code: 'NO_RECONCILE', reason: `Kênh loại ${platform} không cho tra cứu bài đã đăng, nên Loa không tự biết bài đã lên hay chưa` };
  }
  try {
    const post = buildRenderedPost(context, deps.storage);
    const ctx = createPublishContext(deps, { context, log, signal });
    const attemptStartedAt = (await lastAttemptStartedAt(deps.db, deliveryId)) ?? context.delivery.dueAt;
    const found = await connector.reconcile({ deliveryId, marker: post.marker, attemptStartedAt, progress: context.delivery.progress, post }, ctx);
    return found ? { kind: 'found', externalId: found.externalId, url: found.url } : { kind: 'absent' };
  } catch (err) {
    if (err instanceof Deferral) return { kind: 'retry', runAt: err.notBefore, code: err.code };
    const e = attemptError(err, log);
    if (e.kind === 'transient' || e.kind === 'rate_limited') {
      const failures = (await reconcileFailures(deps.db, deliveryId)) + 1;
      if (failures >= deps.policy.maxAttempts) {
        return { kind: 'needs_person', code: e.code, reason: `Tra cứu trên nền tảng thất bại ${failures} lần (${e.code}: ${e.messages.vi})` };
      }
      const now = deps.clock.now().getTime();
      const runAt = e.retryAt && e.retryAt.getTime() > now ? e.retryAt : new Date(now + Math.max(deps.policy.retryBaseMs, backoffMs(failures, deps.policy)));
      return { kind: 'retry', runAt, code: e.code };
    }
    return { kind: 'needs_person', code: e.code, reason: `Không tra cứu được trên nền tảng: ${e.messages.vi}` };
  }
}
