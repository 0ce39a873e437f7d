import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { benchApproval } from './approval.ts';
import { benchArticlePage } from './article-page.ts';
import { benchEvents } from './events.ts';
import { createNewsroom, insertWebhookChannels } from './fixtures.ts';
import { BENCH_DIR, createCountingLog, createLoadSampler, openBenchDatabase } from './harness.ts';
import { benchLateness, queueFutureDeliveries } from './lateness.ts';
import { benchMemory } from './memory.ts';
import { benchReports } from './reports.ts';
import { failedRow, formatTable, type Row } from './table.ts';
import { benchThroughput } from './throughput.ts';
import { benchWeb } from './web.ts';

/**
 * `npm run bench`: one run, one table, every figure beside a baseline measured in the same
 * run. A missed target is a result, not a failure: the exit code is 0 unless the benchmark
 * itself could not run.
 */
const CHANNELS = 10_000;
const FUTURE_DELIVERIES = 100_000;
const THROUGHPUT_DELIVERIES = 2_000;
const LATE_DELIVERIES = 1_000;
const LATE_SPAN_MS = 60_000;
/** With LOA_BENCH_KEEP set, (r) loads its province-year into this database once and reuses it on later runs. */
const REPORTS_DB = 'loa_bench_reports';

const step = (message: string) => process.stderr.write(`▶ ${message}\n`);

/** `npm run bench -- a b`: only the figures named (a–d); all of them by default. */
const FIGURES = ['a', 'b', 'c', 'd', 'e', 'f', 'h', 'r'] as const;
function chosenFigures(args: string[]): Set<string> {
  const unknown = args.filter((a) => !(FIGURES as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown figure ${unknown.join(', ')}: choose among ${FIGURES.join(', ')}`);
  return new Set(args.length ? args : FIGURES);
}

async function main(): Promise<void> {
  const figures = chosenFigures(process.argv.slice(2));
  const load = createLoadSampler();
  const started = performance.now();
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  step(process.env.DATABASE_URL ? 'database: a new database on DATABASE_URL' : `database: embedded PostgreSQL under ${BENCH_DIR}`);
  const database = await openBenchDatabase(createLogger('warn'));
  const sim = await startWebhookSimulator();
  const dataDir = fs.mkdtempSync(path.join(BENCH_DIR, 'run-'));
  const rows: Row[] = [];
  let worker: LoaWorker | undefined;
  try {
    const secretKey = generateSecretKey();
    const secrets = createSecretBox(secretKey);
    const room = await createNewsroom(database.db);
    const channelIds = await insertWebhookChannels(database.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret, count: CHANNELS });

    if (figures.has('c')) {
      step(`(c) approving one item to ${CHANNELS.toLocaleString('en-US')} channels`);
      rows.push(...(await benchApproval(database.db, room, channelIds).catch((err) => [failedRow('(c) approve 1 item → 10,000 channels', err, '≤ 3× baseline')])));
    }

    // (a) runs with the same crowded queue as (b), so figures read alone match a full run.
    // Only (a) and (b) need the crowded queue.
    let futureQueued = 0;
    if (figures.has('a') || figures.has('b')) {
      step(`queueing ${FUTURE_DELIVERIES.toLocaleString('en-US')} deliveries due in the future`);
      futureQueued = await queueFutureDeliveries(database.db, room, channelIds, FUTURE_DELIVERIES);
    }

    const config = loadConfig({ DATABASE_URL: database.url, LOA_SECRET_KEY: secretKey, LOA_DATA_DIR: dataDir });
    const counting = createCountingLog();
    const startLoaWorker = async () => {
      worker ??= await startWorker({ db: database.db, databaseUrl: database.url, log: counting.log, config, clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) });
    };
    const stopLoaWorker = async () => {
      await worker?.stop();
      worker = undefined;
    };
    const common = { db: database.db, url: database.url, room, channelIds, concurrency: config.workerConcurrency, sim };

    if (figures.has('a')) {
      step(`(a) throughput: ${THROUGHPUT_DELIVERIES.toLocaleString('en-US')} no-op jobs, as many send-only jobs, then as many deliveries`);
      rows.push(
        ...(await benchThroughput({ ...common, n: THROUGHPUT_DELIVERIES, leaseMs: config.deliveryLeaseMs, counting, startLoaWorker, stopLoaWorker }).catch((err) => [failedRow('(a) deliveries/s', err, '≥ 50 % of ceiling')])),
      );
    }

    if (figures.has('b')) {
      step(`(b) lateness: ${LATE_DELIVERIES.toLocaleString('en-US')} deliveries due over ${LATE_SPAN_MS / 1000} s (takes ~${Math.round(LATE_SPAN_MS / 1000 + 25)} s)`);
      await startLoaWorker();
      const baselineUrl = await database.sibling('gw');
      rows.push(
        ...(await benchLateness({ ...common, baselineUrl, n: LATE_DELIVERIES, spanMs: LATE_SPAN_MS, futureQueued }).catch((err) => [
          failedRow('(b) lateness p99', err, '≤ 100 ms'),
        ])),
      );
    }
    for (const line of counting.errors()) process.stderr.write(`worker error: ${line}\n`);
    await worker?.stop();
    worker = undefined;

    if (figures.has('e')) {
      step('(e) web app: bytes of the sign-in and home routes, time to a usable home with the CPU 4× slower');
      const deps = { config, log: createLogger('warn'), clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
      rows.push(...(await benchWeb({ db: database.db, unitId: room.unitId, deps }).catch((err) => [failedRow('(e) web app', err, '≤ 250 KB')])));
    }

    if (figures.has('f')) {
      step('(f) live events: delivery state change → GET /api/v1/events client');
      const deps = { config, log: createLogger('warn'), clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
      rows.push(...(await benchEvents({ db: database.db, url: database.url, room, channelIds, deps }).catch((err) => [failedRow('(f) live event latency', err, '—')])));
    }

    if (figures.has('h')) {
      step('(h) public article page: requests/s beside a fastify hello-world route');
      const deps = { config, log: createLogger('silent'), clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
      rows.push(...(await benchArticlePage({ db: database.db, room, deps }).catch((err) => [failedRow('(h) article page requests/s', err, '≥ 50 % of hello-world')])));
    }

    if (figures.has('r')) {
      const deps = { config, log: createLogger('warn'), clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
      rows.push(
        ...(await benchReports({ db: process.env.LOA_BENCH_KEEP ? (await database.kept(REPORTS_DB)).db : database.db, deps, step }).catch((err) => [failedRow('(r) province-year report API p95', err, '≤ 100 ms and ≥ 50×')])),
      );
    }

    if (figures.has('d')) {
      step('(d) memory: a separate `loa worker` process sends a 2 GiB video to each simulator');
      rows.push(...(await benchMemory({ db: database.db, url: database.url, secretKey, secrets, room, dir: BENCH_DIR })));
    }
  } finally {
    await worker?.stop();
    await sim.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const l = load.stop();
  const seconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`\n${formatTable(rows)}\n\n`);
  process.stdout.write(
    `load average (1 min): ${l.first.toFixed(2)} at start, ${l.max.toFixed(2)} at most, ${l.last.toFixed(2)} at end · ${os.cpus().length} cores · ` +
      `${seconds} s · PostgreSQL: ${database.embedded ? 'embedded' : 'DATABASE_URL'} · Node ${process.version}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench: ${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  },
);
