import { sql } from 'drizzle-orm';
import { run } from 'graphile-worker';
import type { WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { systemActor } from '../../core/actor.ts';
import { createDeliveriesForRevision } from '../../core/deliveries/create.ts';
import { createDb, type Db } from '../../db/client.ts';
import { approveSingleTargetItems, insertFanOutRevision, pgArray, type Newsroom } from './fixtures.ts';
import { percentile, sleep } from './harness.ts';
import { ms, type Row } from './table.ts';
import { silentWorkerLogger } from './throughput.ts';

const TARGET_P99_MS = 100;
/** Time to create the due batch before its first delivery is due. */
const LEAD_MS = 15_000;
/** The batch must be committed this long before it starts coming due (more than the due waker's look-ahead). */
const MIN_MARGIN_MS = 3_000;
const FAR_FUTURE_MS = 60 * 24 * 3600_000;

/**
 * Tops the queue up to `total` scheduled deliveries due far in the future (one approved
 * item per `channelIds.length` channels, set-based through createDeliveriesForRevision).
 */
export async function queueFutureDeliveries(db: Db, room: Newsroom, channelIds: string[], total: number): Promise<number> {
  const count = async () => {
    const [r] = await db.execute<{ n: number }>(sql`select count(*)::int as n from deliveries where state = 'scheduled' and due_at > now() + interval '1 day'`);
    return r!.n;
  };
  for (let have = await count(); have < total; have = await count()) {
    const slice = channelIds.slice(0, Math.min(channelIds.length, total - have));
    const publishAt = new Date(Date.now() + FAR_FUTURE_MS);
    await db.transaction(async (tx) => {
      const { revisionId } = await insertFanOutRevision(tx, room, { channelIds: slice, publishAt, state: 'approved' });
      await createDeliveriesForRevision(tx, systemActor, revisionId, new Date());
    });
  }
  return count();
}

/**
 * (b) Lateness = simulator receive time − due time, for `n` deliveries (one item each)
 * due evenly across `spanMs`, published by the running Loa worker while the future
 * deliveries wait in the same queue. Baseline, measured over the same window at the same
 * time on the same server: plain graphile-worker with its default pollInterval (2 s) in a
 * database of its own (so Loa's NOTIFYs do not wake it), `n` no-op jobs interleaved with
 * Loa's and as many far-future jobs queued; its lateness = task start − run_at.
 */
export async function benchLateness(o: {
  db: Db;
  /** An empty database for the baseline queue. */
  baselineUrl: string;
  room: Newsroom;
  channelIds: string[];
  n: number;
  spanMs: number;
  concurrency: number;
  sim: WebhookSimulator;
  futureQueued: number;
}): Promise<Row[]> {
  const baseline: number[] = [];
  const plain = createDb(o.baselineUrl, { max: 2 });
  const runner = await run({
    connectionString: o.baselineUrl,
    concurrency: o.concurrency,
    noHandleSignals: true,
    logger: silentWorkerLogger,
    taskList: {
      bench_future: async (_payload, helpers) => {
        baseline.push(Date.now() - helpers.job.run_at.getTime());
      },
    },
  });
  try {
    await plain.db.execute(sql`
      select count(*) from graphile_worker.add_jobs(array(
        select row('bench_future', '{}'::json, null, now() + interval '60 days', 1, null, 0, null)::graphile_worker.job_spec
        from generate_series(1, ${o.futureQueued})
      ))`);
    const t0 = Date.now() + LEAD_MS;
    const step = o.spanMs / (o.n - 1);
    const dueAts = Array.from({ length: o.n }, (_, i) => new Date(t0 + Math.round(i * step)));
    const plainAts = dueAts.map((d) => new Date(d.getTime() + Math.round(step / 2)));
    const channelIds = Array.from({ length: o.n }, (_, i) => o.channelIds[i % o.channelIds.length]!);
    const ids = await o.db.transaction((tx) => approveSingleTargetItems(tx, o.room, { channelIds, dueAts, platform: 'webhook' }));
    await plain.db.execute(sql`
      select count(*) from graphile_worker.add_jobs(array(
        select row('bench_future', '{}'::json, null, t, 1, null, 0, null)::graphile_worker.job_spec
        from unnest(${pgArray(plainAts.map((d) => d.toISOString()))}::timestamptz[]) t
      ))`);
    const margin = t0 - Date.now();
    if (margin < MIN_MARGIN_MS) throw new Error(`the due batch was committed only ${margin} ms before its first due time (machine too busy); lateness would be meaningless`);

    const markers = new Map(ids.map((id) => [`loa:${id}`, id]));
    const received = () => o.sim.requests.filter((r) => r.marker !== null && markers.has(r.marker));
    const deadline = t0 + o.spanMs + 30_000;
    while ((received().length < o.n || baseline.length < o.n) && Date.now() < deadline) await sleep(250);
    const arrivals = new Map<string, number>();
    for (const r of received()) if (!arrivals.has(r.marker!)) arrivals.set(r.marker!, r.receivedAt.getTime());
    if (arrivals.size < o.n || baseline.length < o.n) throw new Error(`${arrivals.size} of ${o.n} deliveries and ${baseline.length} of ${o.n} plain jobs arrived in time`);

    const due = await o.db.execute<{ id: string; due_ms: number }>(sql`
      select id, (extract(epoch from due_at) * 1000)::float8 as due_ms from deliveries where id = any(${pgArray(ids)}::uuid[])`);
    const lateness = due.map((d) => arrivals.get(`loa:${d.id}`)! - d.due_ms);
    const what = `${o.n.toLocaleString('en-US')} due over ${Math.round(o.spanMs / 1000)} s, ${o.futureQueued.toLocaleString('en-US')} future queued`;
    const row = (label: string, p: number, target: string, ok: boolean | null): Row => ({
      figure: `(b) lateness ${label} (${what})`,
      measured: ms(p === 100 ? Math.max(...lateness) : percentile(lateness, p)),
      baseline: `${ms(p === 100 ? Math.max(...baseline) : percentile(baseline, p))} graphile, poll 2 s`,
      target,
      ok,
    });
    const p99 = percentile(lateness, 99);
    return [row('p50', 50, '—', null), row('p99', 99, `≤ ${ms(TARGET_P99_MS)}`, p99 <= TARGET_P99_MS), row('max', 100, '—', null)];
  } finally {
    await runner.stop();
    await plain.close();
  }
}
