import { randomUUID } from 'node:crypto';
import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { claimDeliveries } from '../../core/deliveries/claim-many.ts';
import type { ClaimInput } from '../../core/deliveries/claim.ts';
import type { DeliveryContext } from '../../core/deliveries/context.ts';
import { saveProgress } from '../../core/deliveries/lease.ts';
import { recordPublishedMany, type PublishedInput } from '../../core/deliveries/record-many.ts';
import { recordAttempt, type AttemptOutcome, type RecordInput } from '../../core/deliveries/record.ts';
import { openOfficerTask } from '../../core/manual/open-task.ts';
import type { Logger } from '../../lib/logger.ts';
import { bindMarker } from '../../templates/render.ts';
import { failureOutcome, outcomeOf } from '../attempt-outcome.ts';
import { withFreshCredentialsResuming } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { createGroupCommit } from '../group-commit.ts';
import { startLeaseHeartbeat } from '../lease-heartbeat.ts';
import { buildRenderedPost } from '../rendered-post.ts';
import { scanAfterMs } from './scan-duplicates.ts';

/** Jobs of this process claimed, or recorded, in one statement at most (its concurrency is usually lower). */
const MAX_BATCH = 32;

/**
 * `publish_delivery`: (1) a short claim, (2) the connector call outside any transaction under
 * a renewed lease, (3) a short record. Claims, and `published` records, of the jobs this
 * process runs at once are written together, one statement each (core's claimDeliveries,
 * recordPublishedMany); other outcomes take a record transaction of their own. Retries, holds
 * and deferrals are decided here and in core, never by graphile's own retry (only a net for a
 * failing database).
 */
export function createPublishDeliveryTask(deps: TaskDeps): Task {
  const claimOne = createGroupCommit((inputs: ClaimInput[]) => claimDeliveries(deps.db, systemActor, inputs), MAX_BATCH);
  const recordPublished = createGroupCommit((inputs: PublishedInput[]) => recordPublishedMany(deps.db, systemActor, inputs), MAX_BATCH);
  const record = (input: RecordInput) =>
    input.outcome.kind === 'published'
      ? recordPublished({ ...input, outcome: input.outcome })
      : deps.db.transaction((tx) => recordAttempt(tx, systemActor, input));
  return async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const owner = `${deps.workerId}/${randomUUID().slice(0, 8)}`;
    const log = deps.log.child({ deliveryId, jobId: helpers.job.id });
    const claim = await claimOne({ deliveryId, owner, leaseMs: deps.policy.leaseMs, now: deps.clock.now() });
    // Manual channels (commune Zalo groups) have no API: at its time the delivery becomes the
    // commune officers' task (scheduled → awaiting_officer, core/manual), never a connector call.
    if (claim.kind === 'manual') {
      const opened = await deps.db.transaction((tx) =>
        openOfficerTask(tx, systemActor, { deliveryId, now: deps.clock.now(), bindMarker: (r) => bindMarker(r, deliveryId) }),
      );
      return log.info(opened, 'delivery.officer_task');
    }
    if (claim.kind === 'skipped') return log.info({ state: claim.state }, 'delivery.skip');
    if (claim.kind === 'not_yet') return log.info({ runAt: claim.runAt }, 'delivery.not_yet');
    if (claim.kind === 'held') return log.info({ hold: claim.code, reason: claim.reason }, 'delivery.held');
    if (claim.kind === 'cancelled') return log.info({ code: claim.code, reason: claim.reason }, 'delivery.cancelled');

    const { context, attempt } = claim;
    const channel = context.channel;
    const alog = log.child({ channelId: channel.id, connector: channel.platform, attempt: attempt.number });
    alog.info({ from: claim.from, to: 'publishing' }, 'delivery.transition');
    const outcome = await callConnector(deps, context, owner, helpers.abortSignal, alog);
    const connector = deps.connectors.for(channel.platform);
    const result = await record({
      deliveryId,
      attempt,
      owner,
      channel: { id: channel.id, name: channel.name, unitId: channel.unitId },
      outcome,
      now: deps.clock.now(),
      policy: deps.policy,
      // Only the follow-up jobs this connector uses: a platform without metrics or listing gets none to run and drop.
      ...(connector ? { followUps: { readsMetrics: Boolean(connector.collectMetrics), scanAfterMs: scanAfterMs(connector, channel) } } : {}),
    });
    if (result.kind === 'lost') return alog.warn({ state: result.state, outcome: outcome.kind }, 'delivery.record_lost');
    const error = outcome.kind === 'error' ? { kind: outcome.error.kind, code: outcome.error.code } : {};
    alog.info({ from: 'publishing', to: result.state, ...error, nextRunAt: result.nextRunAt }, 'delivery.transition');
    if (result.nextRunAt) deps.wake(result.nextRunAt);
  };
}

/** Step 2: never throws; every failure becomes an outcome. */
async function callConnector(deps: TaskDeps, context: DeliveryContext, owner: string, jobSignal: AbortSignal, log: Logger): Promise<AttemptOutcome> {
  const deliveryId = context.delivery.id;
  const connector = deps.connectors.for(context.channel.platform);
  if (!connector) {
    return {
      kind: 'error',
      error: {
        kind: 'permanent',
        code: 'NO_CONNECTOR',
        messages: {
          vi: `Loa chưa hỗ trợ đăng tự động lên kênh loại ${context.channel.platform}`,
          en: `Loa cannot publish to ${context.channel.platform} channels automatically yet`,
        },
        sideEffectPossible: false,
      },
    };
  }
  const leaseLost = new AbortController();
  const heartbeat = startLeaseHeartbeat({
    db: deps.db,
    deliveryId,
    owner,
    leaseMs: deps.policy.leaseMs,
    everyMs: deps.heartbeatMs,
    clock: deps.clock,
    log,
    onLost: () => {
      log.warn('delivery.lease_lost');
      leaseLost.abort(new Error('lease lost'));
    },
  });
  try {
    const post = buildRenderedPost(context, deps.storage);
    const signal = AbortSignal.any([jobSignal, leaseLost.signal]);
    const save = (patch: Record<string, unknown>) => saveProgress(deps.db, deliveryId, owner, patch);
    const published = await withFreshCredentialsResuming(deps, context, { log, signal, save }, (ctx) => connector.publish(post, ctx));
    return outcomeOf(published);
  } catch (err) {
    return failureOutcome(err, log);
  } finally {
    heartbeat.stop();
  }
}
