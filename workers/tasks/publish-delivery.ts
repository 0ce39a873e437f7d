import { randomUUID } from 'node:crypto';
import type { Task, WorkerEvents } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { claimDeliveries } from '../../core/deliveries/claim-many.ts';
import type { ClaimInput } from '../../core/deliveries/claim.ts';
import type { DeliveryContext } from '../../core/deliveries/context.ts';
import { saveProgress } from '../../core/deliveries/lease.ts';
import { recordPublishedMany, type PublishedInput } from '../../core/deliveries/record-many.ts';
import { recordAttempt, type AttemptOutcome, type RecordInput, type RecordResult } from '../../core/deliveries/record.ts';
import { openOfficerTask } from '../../core/manual/open-task.ts';
import { lazyChild, type Logger } from '../../lib/logger.ts';
import { bindMarker } from '../../templates/render.ts';
import { failureOutcome, outcomeOf } from '../attempt-outcome.ts';
import { abortWithJob } from '../call-abort.ts';
import { withFreshCredentialsResuming } from '../credential-refresh.ts';
import { deliveryIdOf, type TaskDeps } from '../deps.ts';
import { createGroupCommit } from '../group-commit.ts';
import { startLeaseHeartbeat } from '../lease-heartbeat.ts';
import { createPendingRecords } from '../pending-records.ts';
import { createPreClaims, type Claimed, type Claiming } from '../pre-claim.ts';
import { buildRenderedPost } from '../rendered-post.ts';
import { scanAfterMs } from './scan-duplicates.ts';
import { channelRef } from '../../core/deliveries/channel-state.ts';

/** Jobs of this process claimed, or recorded, in one statement at most (its concurrency is usually lower). */
const MAX_BATCH = 32;
/** `published` records pending in the background before a job waits for its own (one batch being written, one waiting). */
const MAX_PENDING_RECORDS = 2 * MAX_BATCH;

export interface PublishDeliveryTask {
  task: Task;
  /** Resolves once every outcome still being recorded in the background has landed (a graceful stop waits for it). */
  settled(): Promise<void>;
}

/**
 * `publish_delivery`: (1) a short claim, (2) the connector call outside any transaction under
 * a renewed lease, (3) a short record. Claims, and `published` records, of the jobs this
 * process runs at once are written together, one statement each (core's claimDeliveries,
 * recordPublishedMany); other outcomes take a record transaction of their own. Retries, holds
 * and deferrals are decided here and in core, never by graphile's own retry (only a net for a
 * failing database).
 *
 * A `published` outcome is recorded in the background: the job ends once the platform has
 * answered, and its record goes with the next batch while the lease heartbeat keeps the claim
 * alive until the record lands (docs/ENGINE.md, "Recording in the background"). A process
 * killed in between leaves the delivery `publishing` under a lease nobody renews: the sweep
 * makes it `unconfirmed` and reconcile finds the post by its marker, as after a kill mid-call.
 * Every other outcome is recorded before the job ends (they queue jobs of their own). Past
 * MAX_PENDING_RECORDS records pending, a job waits for its own (workers/pending-records.ts).
 */
export function createPublishDeliveryTask(deps: TaskDeps, o: { events: WorkerEvents; publishTask: string }): PublishDeliveryTask {
  const claimOne = createGroupCommit((inputs: ClaimInput[]) => claimDeliveries(deps.db, systemActor, inputs), MAX_BATCH);
  const recordPublished = createGroupCommit((inputs: PublishedInput[]) => recordPublishedMany(deps.db, systemActor, inputs), MAX_BATCH);
  const pending = createPendingRecords(MAX_PENDING_RECORDS);
  const startClaim = (deliveryId: string): Claiming => {
    const owner = `${deps.workerId}/${randomUUID().slice(0, 8)}`;
    const at = deps.clock.now();
    return { owner, at, result: claimOne({ deliveryId, owner, leaseMs: deps.policy.leaseMs, now: at }) };
  };
  const preClaims = createPreClaims({ ...o, claim: startClaim, giveBack: (claimed, owner) => giveBack(deps, claimed, owner), log: deps.log });
  const task: Task = async (payload, helpers) => {
    const deliveryId = deliveryIdOf(payload);
    const claiming = preClaims.take(helpers.job.id) ?? startClaim(deliveryId);
    const { owner } = claiming;
    const claim = await claiming.result;
    const at = { deliveryId, jobId: helpers.job.id };
    // Manual channels (commune Zalo groups) have no API: at its time the delivery becomes the
    // commune officers' task (scheduled → awaiting_officer, core/manual), never a connector call.
    if (claim.kind === 'manual') {
      const opened = await deps.db.transaction((tx) =>
        openOfficerTask(tx, systemActor, { deliveryId, now: deps.clock.now(), bindMarker: (r) => bindMarker(r, deliveryId) }),
      );
      return deps.log.info({ ...at, ...opened }, 'delivery.officer_task');
    }
    if (claim.kind === 'skipped') return deps.log.info({ ...at, state: claim.state }, 'delivery.skip');
    if (claim.kind === 'not_yet') return deps.log.info({ ...at, runAt: claim.runAt }, 'delivery.not_yet');
    if (claim.kind === 'held') return deps.log.info({ ...at, hold: claim.code, reason: claim.reason }, 'delivery.held');
    if (claim.kind === 'cancelled') return deps.log.info({ ...at, code: claim.code, reason: claim.reason }, 'delivery.cancelled');

    const { context, attempt } = claim;
    const channel = context.channel;
    // One info line per attempt, at its outcome (the claim's own line is debug): the attempt's
    // logger is a child made only if a connector, the heartbeat or a failure writes a line.
    const lines = { ...at, channelId: channel.id, connector: channel.platform, attempt: attempt.number };
    const alog = lazyChild(deps.log, () => lines);
    if (deps.log.isLevelEnabled('debug')) deps.log.debug({ ...lines, from: claim.from, to: 'publishing' }, 'delivery.transition');
    const call = abortWithJob(helpers.abortSignal);
    const heartbeat = startLeaseHeartbeat({
      db: deps.db,
      deliveryId,
      owner,
      leaseMs: deps.policy.leaseMs,
      everyMs: deps.heartbeatMs,
      // A claim made ahead may have waited in the local queue: its lease is renewed now rather than a beat later.
      beatAtOnce: deps.clock.now().getTime() - claiming.at.getTime() > deps.heartbeatMs,
      clock: deps.clock,
      log: alog,
      onLost() {
        alog.warn('delivery.lease_lost');
        call.controller.abort(new Error('lease lost'));
      },
    });
    const outcome = await callConnector(deps, context, owner, call.controller.signal, alog);
    call.release();
    const connector = deps.connectors.for(channel.platform);
    const input: RecordInput = {
      deliveryId,
      attempt,
      owner,
      channel: channelRef(channel),
      outcome,
      now: deps.clock.now(),
      policy: deps.policy,
      // Only the follow-up jobs this connector uses: a platform without metrics or listing gets none to run and drop.
      ...(connector ? { followUps: { readsMetrics: Boolean(connector.collectMetrics), scanAfterMs: scanAfterMs(connector, channel) } } : {}),
    };
    if (outcome.kind !== 'published') {
      try {
        return recorded(deps, lines, alog, outcome, await deps.db.transaction((tx) => recordAttempt(tx, systemActor, input)));
      } finally {
        heartbeat.stop();
      }
    }
    // A record that fails leaves the delivery to the sweep (its lease expires once the heartbeat stops), as a failed job would.
    const pendingRecord = recordPublished({ ...input, outcome })
      .then((result) => recorded(deps, lines, alog, outcome, result))
      .catch((err: unknown) => alog.error({ err }, 'delivery.record_failed'))
      .finally(() => heartbeat.stop());
    await pending.add(pendingRecord);
  };
  return { task: preClaims.timed(task), settled: () => Promise.all([pending.settled(), preClaims.settled()]).then(() => {}) };
}

/** A claim made ahead for a job the local queue handed back unstarted: back to `scheduled`, the attempt not counted, due again now. */
async function giveBack(deps: TaskDeps, claimed: Claimed, owner: string): Promise<void> {
  const { delivery, channel } = claimed.context;
  const now = deps.clock.now();
  const outcome = {
    kind: 'deferred' as const,
    notBefore: now,
    code: 'NOT_STARTED',
    reason: {
      vi: 'Tiến trình đăng trả lại lượt đăng trước khi gửi lên nền tảng (đang dừng hoặc đang bận); lượt đăng được xếp lại ngay',
      en: 'The worker handed the delivery back before sending it to the platform (stopping or busy); it is queued again at once',
    },
  };
  const input: RecordInput = { deliveryId: delivery.id, attempt: claimed.attempt, owner, channel: channelRef(channel), outcome, now, policy: deps.policy };
  const result = await deps.db.transaction((tx) => recordAttempt(tx, systemActor, input));
  deps.log.info({ deliveryId: delivery.id, state: result.state, attempt: claimed.attempt.number }, 'delivery.given_back');
  if (result.kind === 'recorded' && result.nextRunAt) deps.wake(result.nextRunAt);
}

/**
 * Step 3's outcome, logged (one info line per attempt) and its next run announced. A function
 * of the module, not a closure per attempt: tsx names every closure it makes (keepNames), and
 * naming one (defineProperty) costs more than the closure (~0.5 µs).
 */
function recorded(deps: TaskDeps, lines: Record<string, unknown>, alog: Logger, outcome: AttemptOutcome, result: RecordResult): void {
  if (result.kind === 'lost') return alog.warn({ state: result.state, outcome: outcome.kind }, 'delivery.record_lost');
  const error = outcome.kind === 'error' ? { kind: outcome.error.kind, code: outcome.error.code } : {};
  const external = outcome.kind === 'published' ? { externalId: outcome.externalId } : {};
  deps.log.info({ ...lines, from: 'publishing', to: result.state, ...error, ...external, nextRunAt: result.nextRunAt }, 'delivery.transition');
  if (result.nextRunAt) deps.wake(result.nextRunAt);
}

/** Step 2 (under the caller's lease heartbeat): never throws; every failure becomes an outcome. */
async function callConnector(deps: TaskDeps, context: DeliveryContext, owner: string, signal: AbortSignal, log: Logger): Promise<AttemptOutcome> {
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
  try {
    const post = buildRenderedPost(context, deps.storage);
    const published = await withFreshCredentialsResuming(
      deps,
      context,
      {
        log,
        signal,
        save(patch) {
          return saveProgress(deps.db, deliveryId, owner, patch);
        },
      },
      (ctx) => connector.publish(post, ctx),
    );
    return outcomeOf(published);
  } catch (err) {
    return failureOutcome(err, log);
  }
}
