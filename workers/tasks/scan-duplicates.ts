import type { Task } from 'graphile-worker';
import type { Connector, PublishContext } from '../../connectors/contract.ts';
import { systemActor } from '../../core/actor.ts';
import { loadDeliveryContext } from '../../core/deliveries/context.ts';
import { recordDuplicate, reportedDuplicates } from '../../core/deliveries/duplicates.ts';
import { enqueueDuplicateScan } from '../../core/deliveries/follow-up-jobs.ts';
import { firstAttemptStartedAt, settleMsOf } from '../../core/deliveries/settle.ts';
import { attemptError } from '../attempt-outcome.ts';
import { withFreshCredentials } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { createPublishContext } from '../publish-context.ts';
import { buildRenderedPost } from '../rendered-post.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/** The scan reads this many settle times after publishing: a late first request has landed by then. */
const SETTLE_TIMES = 2;

/** How long after publishing the scan of a delivery on `channel` reads; null when its connector cannot list and take down copies (no scan). */
export function scanAfterMs(connector: Connector, channel: { settings: Record<string, unknown> }): number | null {
  return connector.findCopies && connector.unpublish ? SETTLE_TIMES * settleMsOf(channel.settings, connector.settleMs) : null;
}

/**
 * `scan_duplicates`, the last net of exactly-once: some time after a delivery was published,
 * the connector lists every object carrying its marker; any but the delivery's own is a
 * second copy (a first request that landed after Loa had concluded "absent"), taken down
 * with the connector's `unpublish`, audited and notified. A transient failure is thrown
 * (graphile retries the job); connectors that cannot list skip it.
 */
export function createScanDuplicatesTask(deps: TaskDeps): Task {
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const context = await loadDeliveryContext(deps.db, deliveryId);
    const d = context?.delivery;
    if (!context || d?.state !== 'published' || !d.externalId) return log.debug({ state: d?.state ?? null }, 'delivery.scan_skip');
    const { channel } = context;
    const connector = deps.connectors.for(channel.platform);
    if (!connector?.findCopies || !connector.unpublish) return;
    const publishedAt = d.publishedAt ?? deps.clock.now();
    const readAt = new Date(publishedAt.getTime() + scanAfterMs(connector, channel)!);
    if (readAt.getTime() > deps.clock.now().getTime()) {
      await enqueueDuplicateScan(deps.db, deliveryId, readAt);
      return deps.wake(readAt);
    }
    const signal = helpers.abortSignal;
    // An expired token is refreshed once and the call made again (the scan's listing, each takedown).
    const fresh = <T>(call: (ctx: PublishContext) => Promise<T>) =>
      withFreshCredentials(deps, channel, { log, signal }, (row) => call(createPublishContext(deps, { context: { ...context, channel: row }, log, signal })));
    const post = buildRenderedPost(context, deps.storage);
    const since = (await firstAttemptStartedAt(deps.db, deliveryId)) ?? d.dueAt;
    const copies = await fresh((ctx) => connector.findCopies!({ deliveryId, marker: post.marker, attemptStartedAt: since, attemptEndedAt: publishedAt, progress: d.progress, post }, ctx));
    const ref = channelRef(channel);
    const reported = await reportedDuplicates(deps.db, deliveryId);
    for (const copy of copies.filter((c) => c.externalId !== d.externalId && !reported.has(c.externalId))) {
      let removed = true;
      let error: string | undefined;
      try {
        await fresh((ctx) => connector.unpublish!({ deliveryId, externalId: copy.externalId, url: copy.url, publishedAt: null }, ctx));
      } catch (err) {
        const e = attemptError(err, log);
        if (e.kind === 'transient' || e.kind === 'rate_limited') throw err;
        removed = false;
        error = `${e.code}: ${e.messages.vi}`;
      }
      await deps.db.transaction((tx) => recordDuplicate(tx, systemActor, { deliveryId, channel: ref, kept: d.externalId!, duplicate: copy, removed, ...(error ? { error } : {}) }));
      log.warn({ kept: d.externalId, duplicate: copy.externalId, removed }, 'delivery.duplicate');
    }
  };
}
