import { ConnectorError, type Connector, type PublishContext } from '../connectors/contract.ts';
import { createHttpClient } from '../connectors/http.ts';
import type { ChannelRow } from '../core/channels/view.ts';
import type { DeliveryContext } from '../core/deliveries/context.ts';
import { refreshChannelCredentials, type RefreshOutcome } from '../core/credentials/refresh.ts';
import type { Logger } from '../lib/logger.ts';
import { attemptError } from './attempt-outcome.ts';
import type { TaskDeps } from './deps.ts';
import { channelInfo, createPublishContext } from './publish-context.ts';

type Deps = Pick<TaskDeps, 'db' | 'secrets' | 'clock' | 'connectors'>;

/** A publish refreshes first when the token expires within this (the cron normally got there long before). */
const USE_MARGIN_MS = 2 * 60_000;

/**
 * Runs the connector's `refreshCredentials` under core/credentials' per-channel lock.
 * `due` is asked under the lock, on the freshly read channel.
 */
export function refreshChannel(deps: Deps, connector: Connector, o: { channelId: string; due: (row: ChannelRow) => boolean; log: Logger; signal?: AbortSignal }): Promise<RefreshOutcome> {
  return refreshChannelCredentials(deps, {
    channelId: o.channelId,
    due: o.due,
    async call(row, credentials) {
      const ctx: PublishContext = {
        channel: channelInfo(row),
        credentials,
        progress: {},
        saveProgress: () => Promise.reject(new Error('A token refresh saves no delivery progress')),
        http: createHttpClient({ allowPrivateNetwork: row.allowPrivateNetwork, ...(o.signal ? { signal: o.signal } : {}) }),
        log: o.log,
        signal: o.signal ?? new AbortController().signal,
        now: () => deps.clock.now(),
      };
      const fresh = await connector.refreshCredentials!(ctx);
      return Object.fromEntries(Object.entries(fresh).filter((e): e is [string, string] => typeof e[1] === 'string'));
    },
    classify(err) {
      const e = attemptError(err, o.log);
      return { kind: e.kind, code: e.code, message: e.messages, sideEffectPossible: e.sideEffectPossible };
    },
  });
}

function withCredentials(channel: ChannelRow, outcome: RefreshOutcome): ChannelRow {
  if (outcome.kind === 'refreshed' || outcome.kind === 'current') return { ...channel, credentialsSealed: outcome.sealed, credentialsExpiresAt: outcome.expiresAt };
  if (outcome.kind === 'needs_reconnect') {
    throw new ConnectorError({ kind: 'auth', code: outcome.code, message: outcome.message, sideEffectPossible: false });
  }
  throw new ConnectorError({
    kind: 'transient',
    code: `REFRESH_${outcome.failure.code}`,
    sideEffectPossible: false,
    message: { vi: `Chưa làm mới được mã truy cập của kênh: ${outcome.failure.message.vi}`, en: `Could not refresh the channel token yet: ${outcome.failure.message.en}` },
  });
}

/**
 * A platform call with the channel's OAuth token kept fresh, for connectors that refresh
 * (publish, correction, reconcile, processing poll, takedown and the last-net scan):
 * a token about to expire is refreshed first; an auth error from the call triggers one
 * forced refresh (or picks up the one another worker just made) and one retry with the new
 * token. A second auth error stands, and the engine's auth path takes over (the delivery and
 * the channel need reconnecting, the owners are told). `run` must resume from saved steps.
 */
export async function withFreshCredentials<T>(deps: Deps, channel: ChannelRow, o: { log: Logger; signal: AbortSignal }, run: (channel: ChannelRow) => Promise<T>): Promise<T> {
  const connector = deps.connectors.for(channel.platform);
  if (!connector?.refreshCredentials) return run(channel);
  let current = channel;
  const soon = () => deps.clock.now().getTime() + USE_MARGIN_MS;
  if (channel.credentialsExpiresAt && channel.credentialsExpiresAt.getTime() <= soon()) {
    const outcome = await refreshChannel(deps, connector, {
      channelId: channel.id,
      due: (row) => row.credentialsExpiresAt !== null && row.credentialsExpiresAt.getTime() <= soon(),
      log: o.log,
      signal: o.signal,
    });
    o.log.info({ channelId: channel.id, outcome: outcome.kind }, 'credentials.refresh_before_use');
    // A refresh that failed for now leaves the stored token, which may still work: try it.
    if (outcome.kind !== 'failed') current = withCredentials(channel, outcome);
  }
  try {
    return await run(current);
  } catch (err) {
    if (!(err instanceof ConnectorError) || err.kind !== 'auth' || err.sideEffectPossible) throw err;
    const used = current.credentialsSealed;
    const outcome = await refreshChannel(deps, connector, { channelId: channel.id, due: (row) => row.credentialsSealed === used, log: o.log, signal: o.signal });
    o.log.info({ channelId: channel.id, code: err.code, outcome: outcome.kind }, 'credentials.forced_refresh');
    return run(withCredentials(current, outcome));
  }
}

/**
 * `withFreshCredentials` for a call that saves step progress under a lease (publish,
 * correction): steps saved by a first call are seen by the retry that follows a forced
 * token refresh. `save` answers false when the lease is no longer held.
 */
export function withFreshCredentialsResuming<T>(
  deps: Deps,
  context: DeliveryContext,
  o: { log: Logger; signal: AbortSignal; save: (patch: Record<string, unknown>) => Promise<boolean> },
  run: (ctx: PublishContext) => Promise<T>,
): Promise<T> {
  const progress = { ...context.delivery.progress };
  return withFreshCredentials(deps, context.channel, o, (channel) =>
    run(
      createPublishContext(deps, {
        context: { channel, delivery: { progress: { ...progress } } },
        log: o.log,
        signal: o.signal,
        async saveProgress(patch) {
          if (!(await o.save(patch))) throw new Error('Lease lost: step progress not saved');
          Object.assign(progress, patch);
        },
      }),
    ),
  );
}
