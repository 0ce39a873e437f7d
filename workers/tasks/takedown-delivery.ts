import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { loadDeliveryContext } from '../../core/deliveries/context.ts';
import { recordTakedown, type TakedownOutcome } from '../../core/deliveries/takedown.ts';
import { attemptError } from '../attempt-outcome.ts';
import { withFreshCredentials } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { createPublishContext } from '../publish-context.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/**
 * `takedown_delivery` (enqueued by the delivery API with `{ deliveryId, reason }`): asks the
 * platform to unpublish, then `published → taken_down`. A transient failure is thrown, so
 * graphile retries the job (5 tries); anything else asks a person to remove it by hand.
 */
export function createTakedownTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const reason = String((payload as { reason?: unknown }).reason ?? '');
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const context = await loadDeliveryContext(deps.db, deliveryId);
    const d = context?.delivery;
    if (!context || d?.state !== 'published' || !d.externalId) return log.info({ state: d?.state ?? null }, 'delivery.skip');
    const { channel } = context;
    const connector = deps.connectors.for(channel.platform);
    let outcome: TakedownOutcome;
    if (!connector?.unpublish) {
      outcome = { kind: 'needs_person', code: 'NO_UNPUBLISH', reason: { vi: `Kênh loại ${channel.platform} không gỡ bài qua API`, en: `A ${channel.platform} channel cannot take posts down through its API` } };
    } else {
      try {
        const ref = { deliveryId, externalId: d.externalId, url: d.externalUrl, publishedAt: d.publishedAt };
        // An expired token is refreshed once and the takedown sent again before a person is asked.
        await withFreshCredentials(deps, channel, { log, signal: helpers.abortSignal }, (fresh) =>
          connector.unpublish!(ref, createPublishContext(deps, { context: { ...context, channel: fresh }, log, signal: helpers.abortSignal })),
        );
        outcome = { kind: 'removed' };
      } catch (err) {
        const e = attemptError(err, log);
        if (e.kind === 'transient' || e.kind === 'rate_limited') throw err;
        outcome = { kind: 'needs_person', code: e.code, reason: { vi: `Nền tảng không gỡ được bài: ${e.messages.vi}`, en: `The platform could not take the post down: ${e.messages.en}` } };
      }
    }
    const state = await deps.db.transaction((tx) =>
      recordTakedown(tx, systemActor, { deliveryId, channel: channelRef(channel), reason, outcome }),
    );
    log.info({ from: 'published', to: state, takedown: outcome.kind }, 'delivery.takedown');
  };
}
