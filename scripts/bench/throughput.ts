import { sql } from 'drizzle-orm';
import { Logger as WorkerLogger, run } from 'graphile-worker';
import type { WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import type { Db } from '../../db/client.ts';
import { approveSingleTargetItems, pgArray, type Newsroom } from './fixtures.ts';
import { createCountingLog, sleep, waitUntil } from './harness.ts';
import { perSecond, type Row } from './table.ts';

export const silentWorkerLogger = new WorkerLogger(() => () => {});
const TARGET_SHARE = 0.7;

/**
 * (a) Deliveries per second through the running Loa worker — claim transaction, real
 * webhook connector signing and sending over HTTP to the simulator, record transaction —
 * against plain graphile-worker running the same number of no-op jobs at the same
 * concurrency, run first, before `startLoaWorker` (so no other worker is listening).
 * Both clocks start when the batch is committed (all due at once) and stop when the last
 * task has finished.
 */
export async function benchThroughput(o: {
  db: Db;
  url: string;
  room: Newsroom;
  channelIds: string[];
  n: number;
  concurrency: number;
  sim: WebhookSimulator;
  counting: ReturnType<typeof createCountingLog>;
  startLoaWorker(): Promise<void>;
}): Promise<Row> {
  const raw = await rawJobsPerSecond(o.db, o.url, o.n, o.concurrency);
  await o.startLoaWorker();
  await sleep(1_000);

  const before = o.counting.published();
  const channelIds = Array.from({ length: o.n }, (_, i) => o.channelIds[i % o.channelIds.length]!);
  const now = new Date();
  const ids = await o.db.transaction((tx) => approveSingleTargetItems(tx, o.room, { channelIds, dueAts: channelIds.map(() => now), platform: 'webhook' }));
  const start = performance.now();
  await waitUntil(() => o.counting.published() - before, o.n, o.counting.onPublished, 180_000, 'Loa publish');
  const loa = o.n / ((performance.now() - start) / 1000);

  const [row] = await o.db.execute<{ n: number }>(sql`select count(*)::int as n from deliveries where id = any(${pgArray(ids)}::uuid[]) and state = 'published'`);
  const markers = new Set(ids.map((id) => `loa:${id}`));
  const received = o.sim.posts.filter((p) => p.marker !== null && markers.has(p.marker)).length;
  if (row!.n !== o.n || received !== o.n) throw new Error(`${row!.n} published and ${received} received on the simulator, expected ${o.n}`);

  const share = loa / raw;
  return {
    figure: `(a) deliveries/s: publish task → webhook → simulator (${o.n.toLocaleString('en-US')}, concurrency ${o.concurrency})`,
    measured: `${perSecond(loa)} (${Math.round(share * 100)} % of raw)`,
    baseline: `${perSecond(raw)} graphile no-op jobs`,
    target: `≥ ${TARGET_SHARE * 100} % of raw`,
    ok: share >= TARGET_SHARE,
  };
}

/** graphile-worker alone: `n` no-op jobs added due now in one statement, same concurrency and poll interval as Loa's runner. */
async function rawJobsPerSecond(db: Db, url: string, n: number, concurrency: number): Promise<number> {
  let done = 0;
  const listeners = new Set<() => void>();
  const runner = await run({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: silentWorkerLogger,
    taskList: {
      bench_noop: async () => {
        done++;
        for (const fn of listeners) fn();
      },
    },
  });
  try {
    await sleep(300);
    await db.execute(sql`
      select count(*) from graphile_worker.add_jobs(array(
        select row('bench_noop', '{}'::json, null, now(), 1, null, 0, null)::graphile_worker.job_spec from generate_series(1, ${n})
      ))`);
    const start = performance.now();
    await waitUntil(() => done, n, (fn) => listeners.add(fn), 60_000, 'raw no-op jobs');
    return n / ((performance.now() - start) / 1000);
  } finally {
    await runner.stop();
  }
}
