import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type TaskList } from 'graphile-worker';
import type { Db } from '../db/client.ts';
import { workerHeartbeats } from '../db/schema/index.ts';
import type { Logger } from '../lib/logger.ts';
import { createWorkerHeartbeatTask } from './tasks/worker-heartbeat.ts';

export interface WorkerDeps {
  db: Db;
  databaseUrl: string;
  log: Logger;
  concurrency: number;
}

export interface LoaWorker {
  id: string;
  stop(): Promise<void>;
}

const HEARTBEAT_EVERY_MS = 5_000;

/** Starts graphile-worker on Loa's database with the explicit task list below. */
export async function startWorker(deps: WorkerDeps): Promise<LoaWorker> {
  const id = `worker-${randomBytes(4).toString('hex')}`;
  const log = deps.log.child({ worker: id });
  const startedAt = new Date();
  const taskList: TaskList = {
    [`worker_heartbeat`]: createWorkerHeartbeatTask(deps.db, id, startedAt),
  };
  const runner: Runner = await run({
    connectionString: deps.databaseUrl,
    concurrency: deps.concurrency,
    // Loa sequences its own shutdown (server, worker, then embedded PG).
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const fn = level === 'error' ? log.error : level === 'warning' ? log.warn : log.debug;
      fn.call(log, { scope: scope.label, ...meta }, message);
    }),
  });
  const utils = await makeWorkerUtils({ connectionString: deps.databaseUrl });
  const beat = () =>
    utils
      .addJob('worker_heartbeat', {}, { jobKey: `worker_heartbeat:${id}`, maxAttempts: 1 })
      .catch((err) => log.warn({ err }, 'could not enqueue heartbeat'));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  log.info({ concurrency: deps.concurrency }, 'worker started');
  return {
    id,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await utils.release();
      await deps.db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, id));
    },
  };
}
