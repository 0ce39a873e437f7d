import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { workerHeartbeats } from '../../db/schema/index.ts';

/**
 * Runs through the queue like any job, so it only lands while this worker can still
 * take work: a worker whose slots are all stuck stops refreshing its row and /health
 * turns unhealthy.
 */
export function createWorkerHeartbeatTask(db: Db, workerId: string, startedAt: Date) {
  return async () => {
    await db
      .insert(workerHeartbeats)
      .values({ workerId, hostname: os.hostname(), pid: String(process.pid), startedAt, lastSeenAt: sql`now()` as unknown as Date })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: sql`now()` } });
  };
}
