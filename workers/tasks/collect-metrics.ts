import { eq } from 'drizzle-orm';
import type { Task } from 'graphile-worker';
import { Deferral, type Connector, type ExternalRef, type MetricSample } from '../../connectors/contract.ts';
import type { ChannelRow } from '../../core/deliveries/context.ts';
import {
  advanceReadings,
  channelsMissingJob,
  claimDueReadings,
  deferReadings,
  dropChannelSchedule,
  rescheduleChannel,
  type DueReading,
} from '../../core/metrics/schedule.ts';
import { storeMetricSamples } from '../../core/metrics/store.ts';
import { channels } from '../../db/schema/index.ts';
import type { Logger } from '../../lib/logger.ts';
import { attemptError } from '../attempt-outcome.ts';
import type { TaskDeps } from '../deps.ts';
import { createPublishContext } from '../publish-context.ts';

/** Deliveries read in one connector call (YouTube's videos.list takes 50 ids). */
const BATCH = 50;
/** A claimed reading comes due again after this if the worker died during the call. */
const CLAIM_LEASE_MS = 15 * 60_000;

type Collected =
  | { kind: 'ok'; samples: MetricSample[] }
  | { kind: 'deferred'; notBefore: Date; code: string }
  | { kind: 'error'; code: string };

function channelIdOf(payload: unknown): string {
  const id = (payload as { channelId?: unknown } | null)?.channelId;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('Job payload must be { channelId: <uuid> }');
  return id;
}

/**
 * `collect_metrics` (one job per channel, core/metrics/schedule.ts): claims the channel's
 * due readings, reads them with one `collectMetrics` call outside any transaction, stores
 * the samples and moves each reading to its next step, then moves the job to the channel's
 * next due reading. A failed reading never touches the delivery or the channel: it is
 * logged and read again at the next step (token lifecycle belongs to refresh-credentials).
 */
export function createCollectMetricsTask(deps: TaskDeps, o: { cadenceMs: readonly number[] }): Task {
  return async (payload, helpers) => {
    const channelId = channelIdOf(payload);
    const log = deps.log.child({ channelId, jobId: helpers.job.id });
    const [channel] = await deps.db.select().from(channels).where(eq(channels.id, channelId));
    if (!channel) return log.info('metrics.skip_no_channel');
    const connector = deps.connectors.for(channel.platform);
    if (!connector?.collectMetrics) {
      await deps.db.transaction((tx) => dropChannelSchedule(tx, channelId));
      return log.info({ connector: channel.platform }, 'metrics.none_for_platform');
    }
    const claimedAt = deps.clock.now();
    const due = await deps.db.transaction((tx) =>
      claimDueReadings(tx, { channelId, now: claimedAt, cadenceMs: o.cadenceMs, batch: BATCH, leaseMs: CLAIM_LEASE_MS }),
    );
    if (due.length > 0) {
      const clog = log.child({ connector: channel.platform });
      const result = await collect(deps, connector, channel, due, helpers.abortSignal, clog);
      const now = deps.clock.now();
      const stored = await deps.db.transaction(async (tx) => {
        if (result.kind === 'deferred') {
          await deferReadings(tx, due, result.notBefore, result.code);
          return 0;
        }
        const ours = new Set(due.map((r) => r.deliveryId));
        const n = result.kind === 'ok' ? await storeMetricSamples(tx, result.samples.filter((s) => ours.has(s.deliveryId))) : 0;
        await advanceReadings(tx, due, { now, cadenceMs: o.cadenceMs, errorCode: result.kind === 'error' ? result.code : null });
        return n;
      });
      clog.info({ deliveries: due.length, samples: stored, outcome: result.kind, ...(result.kind === 'ok' ? {} : { code: result.code }) }, 'metrics.collected');
    }
    const nextAt = await rescheduleChannel(deps.db, channelId);
    if (nextAt) deps.wake(nextAt);
  };
}

async function collect(deps: TaskDeps, connector: Connector, channel: ChannelRow, due: DueReading[], signal: AbortSignal, log: Logger): Promise<Collected> {
  if (channel.status !== 'connected') {
    log.warn({ status: channel.status }, 'metrics.channel_not_connected');
    return { kind: 'error', code: 'CHANNEL_NOT_CONNECTED' };
  }
  const refs: ExternalRef[] = due.map((r) => ({ deliveryId: r.deliveryId, externalId: r.externalId, url: r.externalUrl, publishedAt: r.publishedAt }));
  try {
    const ctx = createPublishContext(deps, { context: { channel, delivery: { progress: {} } }, log, signal });
    return { kind: 'ok', samples: await connector.collectMetrics!(refs, ctx) };
  } catch (err) {
    if (err instanceof Deferral) {
      log.info({ code: err.code, notBefore: err.notBefore }, 'metrics.deferred');
      return { kind: 'deferred', notBefore: err.notBefore, code: err.code };
    }
    const e = attemptError(err, log);
    log.warn({ kind: e.kind, code: e.code, platformCode: e.platformCode }, 'metrics.collect_failed');
    return { kind: 'error', code: e.code };
  }
}

/**
 * `metrics_sweep` (hourly): a channel with readings left but no live job (its job used up
 * graphile's attempts on a database failure) gets its job back.
 */
export function createMetricsSweepTask(deps: Pick<TaskDeps, 'db' | 'log'>): Task {
  return async () => {
    const missing = await channelsMissingJob(deps.db);
    for (const channelId of missing) await rescheduleChannel(deps.db, channelId);
    if (missing.length) deps.log.warn({ channels: missing.length }, 'metrics.jobs_restored');
  };
}
