import type { Task } from 'graphile-worker';
import { channelsDueForRefresh } from '../../core/credentials/due.ts';
import { platforms } from '../../lib/platforms.ts';
import { refreshChannel } from '../credential-refresh.ts';
import type { TaskDeps } from '../deps.ts';

export const REFRESH_CREDENTIALS_TASK = 'refresh_credentials';

/**
 * `refresh_credentials` (cron, every few minutes): refreshes ahead of expiry the OAuth
 * tokens of connected channels expiring within `marginMs`, one channel at a time, each
 * under the per-channel lock (core/credentials/refresh.ts) so a publish refreshing the same
 * channel meanwhile waits and then uses this refresh's token.
 */
export function createRefreshCredentialsTask(deps: TaskDeps, o: { marginMs: number }): Task {
  return async (_payload, helpers) => {
    const refreshable = platforms.filter((p) => deps.connectors.for(p)?.refreshCredentials);
    const before = new Date(deps.clock.now().getTime() + o.marginMs);
    const due = await channelsDueForRefresh(deps.db, refreshable, before);
    for (const channel of due) {
      if (helpers.abortSignal?.aborted) return;
      const log = deps.log.child({ channelId: channel.id, connector: channel.platform });
      const outcome = await refreshChannel(deps, deps.connectors.for(channel.platform)!, {
        channelId: channel.id,
        due: (row) => row.credentialsExpiresAt !== null && row.credentialsExpiresAt.getTime() <= before.getTime(),
        log,
        ...(helpers.abortSignal ? { signal: helpers.abortSignal } : {}),
      });
      const detail = outcome.kind === 'failed' ? { code: outcome.failure.code } : outcome.kind === 'needs_reconnect' ? { code: outcome.code } : { expiresAt: outcome.expiresAt };
      log[outcome.kind === 'failed' || outcome.kind === 'needs_reconnect' ? 'warn' : 'info']({ outcome: outcome.kind, ...detail }, 'credentials.refresh');
    }
  };
}
