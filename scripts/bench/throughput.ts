import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Logger as WorkerLogger, run, type Task } from 'graphile-worker';
import type { RenderedPost } from '../../connectors/contract.ts';
import { createHttpClient } from '../../connectors/http.ts';
import { createWebhookConnector } from '../../connectors/webhook/index.ts';
import type { WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import type { Db } from '../../db/client.ts';
import { SCAN_TASK } from '../../core/deliveries/follow-up-jobs.ts';
import { PUBLISH_TASK } from '../../core/deliveries/jobs.ts';
import { COLLECT_METRICS_TASK } from '../../core/metrics/schedule.ts';
import { createLogger } from '../../lib/logger.ts';
import { bindMarker } from '../../templates/render.ts';
import { graphileBatching } from '../../workers/graphile-batching.ts';
import { approveSingleTargetItems, pgArray, renderingFor, type Newsroom } from './fixtures.ts';
import { createCountingLog, sleep, waitUntil } from './harness.ts';
import { startDatabaseCpu } from './pg-cpu.ts';
import { startProfile } from './profile.ts';
import { perSecond, type Row } from './table.ts';

export const silentWorkerLogger = new WorkerLogger(() => () => {});
/** Of the ceiling (issue #13): raw no-op jobs are no fair limit for a job that must make an HTTP call. */
const TARGET_SHARE = 0.5;

/** Alternating rounds of ceiling and Loa; the best of each side is reported (as (h) does). */
const ROUNDS = 3;

/**
 * (a) Deliveries per second through the running Loa worker — claim, real webhook connector
 * signing and sending over HTTP to the simulator, record — against the ceiling: what any
 * design with one graphile job per delivery could reach here, jobs that only send the same
 * webhook through the same connector and HTTP client to the same simulator, reading and
 * writing no Loa state. Plain graphile-worker no-op jobs are shown beside it. The ceiling
 * and Loa run in ROUNDS alternating rounds of `n` each, so a burst of load from elsewhere
 * hits one round, not one side; the Loa worker is stopped while a baseline runs (so no other
 * worker is listening), and each Loa round ends once the jobs its publishes queued for now
 * (metrics, last-net scan) have run, so every round does the same work. Same concurrency,
 * poll interval and graphile batching as Loa's runner. Every clock starts when the batch is
 * committed (all due at once) and stops when the last task has finished.
 */
export async function benchThroughput(o: {
  db: Db;
  url: string;
  room: Newsroom;
  channelIds: string[];
  n: number;
  concurrency: number;
  leaseMs: number;
  sim: WebhookSimulator;
  counting: ReturnType<typeof createCountingLog>;
  startLoaWorker(): Promise<void>;
  stopLoaWorker(): Promise<void>;
}): Promise<Row[]> {
  const raw = (await jobsPerSecond(o.db, o.url, o.n, o.concurrency, o.leaseMs, async () => {})).perSec;
  const ceilings: Round[] = [];
  const loas: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ceilings.push(await jobsPerSecond(o.db, o.url, o.n, o.concurrency, o.leaseMs, sendOnlyTask(o.sim)));
    await o.startLoaWorker();
    await sleep(1_000);
    loas.push(await loaRound(o));
    await drainDueJobs(o.db);
    await o.stopLoaWorker();
  }
  const loa = Math.max(...loas.map((r) => r.perSec));
  const ceiling = Math.max(...ceilings.map((r) => r.perSec));
  const share = loa / ceiling;
  const percent = (v: number) => `${Math.round(v * 100)} %`;
  const list = (v: Round[]) => v.map((x) => Math.round(x.perSec)).join(', ');
  // Node's CPU (worker, HTTP client, simulator, bench) and PostgreSQL's, per job, each round.
  const cpu = (v: Round[]) => v.map((x) => `${x.cpuMs.toFixed(2)}${x.pgCpuMs === null ? '' : ` + ${x.pgCpuMs.toFixed(2)}`}`).join(', ');
  const cpuLabel = loas.some((r) => r.pgCpuMs !== null) ? 'CPU ms per job, Node + PostgreSQL' : 'Node CPU ms per job';
  return [
    {
      figure: `(a) deliveries/s: publish task → webhook → simulator (${o.n.toLocaleString('en-US')}, concurrency ${o.concurrency})`,
      measured: `${perSecond(loa)} (${percent(share)} of ceiling, ${percent(loa / raw)} of raw; best of ${ROUNDS} alternating rounds: ${list(loas)}; ${cpuLabel}: ${cpu(loas)})`,
      baseline: `${perSecond(ceiling)} ceiling (row below)`,
      target: `≥ ${TARGET_SHARE * 100} % of ceiling`,
      ok: share >= TARGET_SHARE,
    },
    {
      figure: '(a) ceiling: graphile job → webhook → simulator, no Loa state',
      measured: `${perSecond(ceiling)} (${percent(ceiling / raw)} of raw; best of ${ROUNDS}: ${list(ceilings)}; ${cpuLabel}: ${cpu(ceilings)})`,
      baseline: `${perSecond(raw)} graphile no-op jobs`,
      target: '—',
      ok: null,
    },
  ];
}

/**
 * What a round measured: jobs per second, and this process's CPU time (every thread: worker,
 * HTTP client, simulator, bench) per job over the same clock, in ms — the bottleneck of both
 * rows when the machine is quiet (docs/BENCHMARKS.md (a)), and less moved by other load than the rate.
 */
interface Round {
  perSec: number;
  cpuMs: number;
  /** PostgreSQL's CPU time per job over the same clock, in ms (null when the server is not on this machine). */
  pgCpuMs: number | null;
}

async function roundOf(n: number, start: number, cpuStart: NodeJS.CpuUsage, pgCpu: () => Promise<number | null>): Promise<Round> {
  const perSec = n / ((performance.now() - start) / 1000);
  const cpu = process.cpuUsage(cpuStart);
  const pgMs = await pgCpu();
  return { perSec, cpuMs: (cpu.user + cpu.system) / 1000 / n, pgCpuMs: pgMs === null ? null : pgMs / n };
}

/** One Loa round: `n` one-channel items approved due now; deliveries/s until the worker has published them all, each checked on the simulator. */
async function loaRound(o: Parameters<typeof benchThroughput>[0]): Promise<Round> {
  const before = o.counting.published();
  const channelIds = Array.from({ length: o.n }, (_, i) => o.channelIds[i % o.channelIds.length]!);
  const now = new Date();
  const ids = await o.db.transaction((tx) => approveSingleTargetItems(tx, o.room, { channelIds, dueAts: channelIds.map(() => now), platform: 'webhook' }));
  const profile = await startProfile();
  const pgCpu = await startDatabaseCpu(o.db);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await waitUntil(() => o.counting.published() - before, o.n, o.counting.onPublished, 180_000, 'Loa publish');
  const round = await roundOf(o.n, start, cpuStart, pgCpu);
  await profile('loa');

  const [row] = await o.db.execute<{ n: number }>(sql`select count(*)::int as n from deliveries where id = any(${pgArray(ids)}::uuid[]) and state = 'published'`);
  const markers = new Set(ids.map((id) => `loa:${id}`));
  const received = o.sim.posts.filter((p) => p.marker !== null && markers.has(p.marker)).length;
  if (row!.n !== o.n || received !== o.n) throw new Error(`${row!.n} published and ${received} received on the simulator, expected ${o.n}`);
  return round;
}

/** Waits (at most 60 s) until no publish job, or job a publish queued (metrics, last-net scan), is due by now. */
async function drainDueJobs(db: Db): Promise<void> {
  const tasks = pgArray([PUBLISH_TASK, COLLECT_METRICS_TASK, SCAN_TASK]);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = any(${tasks}::text[]) and j.run_at <= now() and j.attempts < j.max_attempts`);
    if (row!.n === 0) return;
    await sleep(250);
  }
}

/** A job that sends one webhook the way a delivery does (connector, HTTP client, simulator) and nothing else. */
function sendOnlyTask(sim: WebhookSimulator): Task {
  const connector = createWebhookConnector();
  const log = createLogger('warn');
  const rendering = renderingFor('webhook');
  return async (_payload, helpers) => {
    const deliveryId = randomUUID();
    const r = bindMarker({ text: rendering.text, link: rendering.link }, deliveryId);
    const post: RenderedPost = {
      deliveryId,
      itemId: randomUUID(),
      revisionId: randomUUID(),
      marker: `loa:${deliveryId}`,
      title: rendering.title,
      text: r.text,
      body: rendering.body,
      summary: rendering.summary,
      link: r.link,
      linkLive: true,
      hashtags: rendering.hashtags,
      categories: [],
      theme: 'guidance',
      slug: 'hanh-trinh-hoan-luong',
      unit: { id: randomUUID(), name: 'Công an tỉnh Sơn La' },
      publishAt: new Date(),
      media: [],
    };
    await connector.publish(post, {
      channel: { id: randomUUID(), name: 'Cổng', platform: 'webhook', unitId: randomUUID(), settings: { url: sim.url }, allowPrivateNetwork: true, credentialsExpiresAt: null },
      credentials: { secret: sim.secret },
      progress: {},
      saveProgress: async () => {},
      http: createHttpClient({ allowPrivateNetwork: true, signal: helpers.abortSignal }),
      log,
      signal: helpers.abortSignal,
      now: () => new Date(),
    });
  };
}

/** graphile-worker alone: `n` jobs of `task` added due now in one statement, same concurrency, poll interval and batching as Loa's runner. */
async function jobsPerSecond(db: Db, url: string, n: number, concurrency: number, leaseMs: number, task: Task): Promise<Round> {
  let done = 0;
  const listeners = new Set<() => void>();
  const runner = await run({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    preset: graphileBatching({ concurrency, leaseMs }),
    logger: silentWorkerLogger,
    taskList: {
      bench_job: async (payload, helpers) => {
        await task(payload, helpers);
        done++;
        for (const fn of listeners) fn();
      },
    },
  });
  try {
    await sleep(300);
    await db.execute(sql`
      select count(*) from graphile_worker.add_jobs(array(
        select row('bench_job', '{}'::json, null, now(), 1, null, 0, null)::graphile_worker.job_spec from generate_series(1, ${n})
      ))`);
    const profile = await startProfile();
    const pgCpu = await startDatabaseCpu(db);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await waitUntil(() => done, n, (fn) => listeners.add(fn), 60_000, 'graphile jobs');
    const round = await roundOf(n, start, cpuStart, pgCpu);
    await profile('graphile');
    return round;
  } finally {
    await runner.stop();
  }
}
