import type { Task } from 'graphile-worker';
import { warnExpiringVideoTokens } from '../../core/channels/video-token-warnings.ts';
import type { TaskDeps } from '../deps.ts';

export const WARN_VIDEO_TOKENS_TASK = 'warn_video_tokens';

/** `warn_video_tokens` (hourly): Fanpage admins told once when video posting is about to need a reconnect (core/channels/video-token-warnings.ts). */
export function createWarnVideoTokensTask(deps: Pick<TaskDeps, 'db' | 'log' | 'clock'>): Task {
  return async () => {
    const told = await warnExpiringVideoTokens(deps.db, deps.clock.now());
    if (told) deps.log.info({ channels: told }, 'channels.video_access_expiring');
  };
}
