import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { expireAbandonedUploads } from '../../core/media/expire.ts';
import type { TaskDeps } from '../deps.ts';

export const EXPIRE_UPLOADS_TASK = 'expire_uploads';

/** `expire_uploads` (hourly): abandoned resumable uploads are removed, rows and bytes (core/media/expire.ts). */
export function createExpireUploadsTask(deps: Pick<TaskDeps, 'db' | 'storage' | 'log' | 'clock'>, o: { expiryHours: number }): Task {
  return async () => {
    const removed = await expireAbandonedUploads(deps, systemActor, deps.clock.now(), o.expiryHours);
    if (removed) deps.log.info({ removed, expiryHours: o.expiryHours }, 'media.uploads_expired');
  };
}
