import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type WorkerEvents, type WorkerPool, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { waitFor } from '../test/delivery-fixtures.ts';
import { createDueWaker, type DueWaker } from './due-waker.ts';

describe('due waker', () => {
  let t: TestDatabase;
  let runner: Runner;
  let utils: WorkerUtils;
  let waker: DueWaker;
  const ran = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestDatabase();
    const events: WorkerEvents = new EventEmitter();
    let pool: WorkerPool | undefined;
    events.on('pool:create', ({ workerPool }) => (pool = workerPool));
    runner = await run({
      connectionString: t.url,
      concurrency: 1,
      noHandleSignals: true,
      // Far longer than the test: without a nudge, a job due later is not fetched here.
      pollInterval: 60_000,
      taskList: { ping: async (payload) => void ran.set((payload as { name: string }).name, Date.now()) },
      events,
      logger: new WorkerLogger(() => () => {}),
    });
    utils = await makeWorkerUtils({ connectionString: t.url });
    waker = createDueWaker({ db: t.db, horizonMs: 2000, nudge: (n) => pool?.nudge(n), log: createLogger('silent') });
  });
  afterAll(async () => {
    waker?.stop();
    await runner?.stop();
    await utils?.release();
    await t?.close();
  });

  it('without it, a job due later waits for the poll; with it, the job runs at its time, not before', async () => {
    await utils.addJob('ping', { name: 'unwoken' }, { runAt: new Date(Date.now() + 500) });
    await new Promise((r) => setTimeout(r, 2000));
    expect(ran.has('unwoken')).toBe(false);

    waker.start();
    const runAt = new Date(Date.now() + 1500);
    await utils.addJob('ping', { name: 'woken' }, { runAt });
    const at = await waitFor(async () => ran.get('woken'), 'the woken job', 10_000);
    expect(at).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('expect() wakes the pool for a job this process enqueued, without waiting for a look', async () => {
    waker.stop();
    const runAt = new Date(Date.now() + 300);
    await utils.addJob('ping', { name: 'expected' }, { runAt });
    waker.expect(runAt);
    const at = await waitFor(async () => ran.get('expected'), 'the expected job', 10_000);
    expect(at).toBeGreaterThanOrEqual(runAt.getTime());
  });
});
