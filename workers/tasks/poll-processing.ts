import type { Task } from 'graphile-worker';
import { Deferral } from '../../connectors/contract.ts';
import { systemActor } from '../../core/actor.ts';
import { loadDeliveryContext, type DeliveryContext } from '../../core/deliveries/context.ts';
import { backoffMs } from '../../core/deliveries/policy.ts';
import { recordPoll, type PollOutcome } from '../../core/deliveries/processing.ts';
import type { Json } from '../../connectors/contract.ts';
import type { Logger } from '../../lib/logger.ts';
import { attemptError } from '../attempt-outcome.ts';
import { withFreshCredentials } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { holdFollowUpLease } from '../follow-up-lease.ts';
import { createPublishContext } from '../publish-context.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/**
 * `poll_processing`: a read-only look at a post the platform is still processing (a video
 * encoding), with the handle the publish saved in `progress.processing`.
 */
export function createPollProcessingTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const context = await loadDeliveryContext(deps.db, deliveryId);
    if (context?.delivery.state !== 'processing') return log.info({ state: context?.delivery.state ?? null }, 'delivery.skip');
    const { channel } = context;
    const clog = log.child({ channelId: channel.id, connector: channel.platform });
    const lease = await holdFollowUpLease(deps, deliveryId, 'processing', clog);
    if (!lease) return clog.info('delivery.lease_held_elsewhere');
    let outcome: PollOutcome;
    try {
      outcome = await poll(deps, context, AbortSignal.any([helpers.abortSignal, lease.signal]), clog);
    } finally {
      lease.stop();
    }
    const state = await deps.db.transaction((tx) =>
      recordPoll(tx, systemActor, { deliveryId, owner: lease.owner, channel: channelRef(channel), outcome, now: deps.clock.now() }),
    );
    clog.info({ from: 'processing', to: state, poll: outcome.kind }, 'delivery.poll');
  };
}

async function poll(deps: TaskDeps, context: DeliveryContext, signal: AbortSignal, log: Logger): Promise<PollOutcome> {
  const connector = deps.connectors.for(context.channel.platform);
  if (!connector?.checkProcessing) {
    return { kind: 'unconfirmed', code: 'NO_CHECK_PROCESSING', reason: {
        vi: 'Nền tảng đang xử lý bài nhưng Loa không tra được kết quả; cần người kiểm tra',
        en: 'The platform is still processing the post but Loa cannot look up the result; a person must check',
      },
    };
  }
  try {
    // An expired token is refreshed once and the poll read again before anything else is concluded.
    const result = await withFreshCredentials(deps, context.channel, { log, signal }, (channel) =>
      connector.checkProcessing!((context.delivery.progress.processing ?? null) as Json, createPublishContext(deps, { context: { ...context, channel }, log, signal })),
    );
    return result.kind === 'published'
      ? { kind: 'published', externalId: result.externalId, url: result.url }
      : { kind: 'processing', handle: result.handle, pollAfterMs: result.pollAfterMs };
  } catch (err) {
    if (err instanceof Deferral) return { kind: 'retry', runAt: err.notBefore, code: err.code };
    const e = attemptError(err, log);
    if (e.kind === 'permanent') return { kind: 'failed', code: e.code, reason: e.messages };
    if (e.kind === 'auth') return { kind: 'unconfirmed', code: e.code, reason: { vi: `Không kiểm tra được bài đang xử lý: ${e.messages.vi}`, en: `Could not check the post being processed: ${e.messages.en}` } };
    const now = deps.clock.now().getTime();
    const runAt = e.retryAt && e.retryAt.getTime() > now ? e.retryAt : new Date(now + Math.max(deps.policy.retryBaseMs, backoffMs(2, deps.policy)));
    return { kind: 'retry', runAt, code: e.code };
  }
}
