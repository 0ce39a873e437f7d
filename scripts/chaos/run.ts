import { notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deliveries } from '../../db/schema/index.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { loadSecretBox } from '../../lib/secret-key.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { buildApp } from '../../server/app.ts';
import { startDemoSimulators } from '../demo/simulators.ts';
import { askedPerson, tally, type Tally } from './count.ts';
import { seededRandom, startFaultPump, type FaultKind } from './faults.ts';
import { startCorrectionPump } from './corrections.ts';
import { reconnectHeldChannels } from './person.ts';
import { CHAOS_CHANNELS, seedChaos } from './seed.ts';
import { identify, leasesOf, spawnWorker, watchRecovery, type KillRecord, type WorkerProcess } from './workers.ts';

export interface ChaosOptions {
  /** An empty, migrated database. */
  databaseUrl: string;
  db: Db;
  dataDir: string;
  secretKey: string;
  /** Items to approve; each goes to 5 or 6 channels (half carry a video, for YouTube). */
  items: number;
  workers: number;
  concurrency: number;
  /** A worker is SIGKILLed every this many ms (random within), and replaced at once. */
  killEveryMs: [number, number];
  /** One fault is queued per this many requests a simulator receives (4 ≈ a quarter of them fail). */
  faultPerRequests: number;
  /** `reconcileSettleSeconds` of every channel: longer than the slowest injected "slow accept". */
  settleSeconds: number;
  /** Share of the items that get a second revision approved while their deliveries are in flight. */
  correctShare: number;
  /** Worker environment beyond the defaults (e.g. LOA_DELIVERY_LEASE_MS); Loa's defaults otherwise. */
  workerEnv?: Record<string, string>;
  /** Waiting for every delivery to reach a final state ends here (the rest are stuck). */
  deadlineMs: number;
  seed: number;
  say(line: string): void;
}

export interface ChaosReport {
  tally: Tally;
  kills: { phase: string; held: number; recoveredMs: number | null }[];
  longestRecoveryMs: number | null;
  /** Channels the administrator had to reconnect during the run. */
  reconnects: string[];
  unrecovered: number;
  faults: Record<FaultKind, number>;
  elapsedMs: number;
}

/** A project with a raised quota: the run's 100+ uploads and their retries fit in one day. */
const YOUTUBE_QUOTA = { uploadsPerDay: 10_000, unitsPerDay: 100_000_000 };

const FINAL = ['published', 'failed', 'cancelled', 'needs_reconnect', 'taken_down', 'missed', 'awaiting_officer'] as const;

/**
 * The platforms' clock: 10:00 in Vietnam today, moving with real time, so Zalo's windows and
 * quotas read the same whatever hour the run starts.
 */
function morningClock(): Clock {
  const start = Date.now();
  const vn = new Date(start + 7 * 3600_000);
  const tenAm = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 3, 0);
  return { now: () => new Date(tenAm + (Date.now() - start)) };
}

async function openCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(notInArray(deliveries.state, [...FINAL]));
  return row?.n ?? 0;
}

/**
 * Deliveries left to a person (unconfirmed with a reason) are done as far as the run is
 * concerned; so is a correction waiting on one. Other open corrections are not.
 */
async function unsettled(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(sql`${deliveries.state} not in ${FINAL} and not (${deliveries.state} = 'unconfirmed' and ${askedPerson()})`);
  const [open] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from delivery_corrections c join deliveries d on d.id = c.delivery_id
    where c.state in ('held', 'pending', 'updating') and d.state <> 'needs_reconnect'
      and not (d.state = 'unconfirmed' and exists(select 1 from notifications n where n.kind = 'unconfirmed' and n.data->>'deliveryId' = d.id::text))`);
  return (row?.n ?? 0) + (open?.n ?? 0);
}

/**
 * `npm run chaos`: approves `items` items to the six connectors, then publishes them through
 * real `loa worker` processes while the simulators inject faults and workers are SIGKILLed,
 * and counts what the simulators hold per delivery marker.
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const random = seededRandom(o.seed);
  const env = { DATABASE_URL: o.databaseUrl, LOA_DATA_DIR: o.dataDir, LOA_SECRET_KEY: o.secretKey };
  const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const sims = await startDemoSimulators({ clock: morningClock(), zaloRules: { sendWindow: null }, youtubeQuota: YOUTUBE_QUOTA });
  const app = await buildApp({ config, db: o.db, log, clock: systemClock, secrets: loadSecretBox(config), storage: new LocalStorage(config.mediaDir) });
  const workers: WorkerProcess[] = [];
  const kills: KillRecord[] = [];
  const watches: Promise<void>[] = [];
  const reconnects: string[] = [];
  // Ctrl+C: no worker of the run may outlive it.
  const interrupted = () => {
    for (const w of workers) w.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let faults: Record<FaultKind, number> | undefined;
  try {
    o.say(`Seeding ${o.items} items through the API…`);
    const seed = await seedChaos({ app, db: o.db, endpoints: sims.endpoints, facebookAppId: sims.graph.state.appId, total: o.items, settleSeconds: o.settleSeconds });
    const total = await openCount(o.db);
    o.say(`${total} deliveries approved; starting ${o.workers} workers, a fault per ${o.faultPerRequests} requests, kills every ${o.killEveryMs.join('–')} ms`);
    const workerEnv = { ...env, LOG_LEVEL: 'info', LOA_WORKER_CONCURRENCY: String(o.concurrency), LOA_RETRY_BASE_MS: '1000', LOA_RETRY_CAP_MS: '15000', ...o.workerEnv };
    for (let i = 0; i < o.workers; i++) workers.push(spawnWorker(workerEnv));
    const running = startFaultPump(sims, { perRequests: o.faultPerRequests, random });
    const corrections = startCorrectionPump({ db: o.db, editor: seed.editor, approver: seed.approver, itemIds: seed.items.map((i) => i.id), share: o.correctShare, random });
    faults = running.injected;
    const deadline = started + o.deadlineMs;
    const phases = ['publishing', 'unconfirmed', 'processing'];
    let nextKill = Date.now() + o.killEveryMs[0];
    let lastReport = 0;
    while (Date.now() < deadline) {
      const left = await unsettled(o.db);
      if (left === 0) break;
      if (Date.now() - lastReport > 10_000) {
        o.say(`  ${total - left}/${total} settled, ${kills.length} workers killed`);
        lastReport = Date.now();
      }
      if (left < total * 0.05) running.stop();
      reconnects.push(...(await reconnectHeldChannels(o.db, sims, seed)));
      await corrections.tick();
      await identify(o.db, workers);
      if (Date.now() >= nextKill) {
        const want = phases[kills.length % phases.length]!;
        const held = await Promise.all(workers.filter((w) => w.workerId).map(async (w) => ({ w, leases: await leasesOf(o.db, w.workerId!) })));
        const target = held.find((h) => [...h.leases.values()].includes(want)) ?? held.find((h) => h.leases.size > 0) ?? held[Math.floor(random() * held.length)];
        if (target) {
          target.w.child.kill('SIGKILL');
          workers.splice(workers.indexOf(target.w), 1);
          workers.push(spawnWorker(workerEnv));
          const kill: KillRecord = { at: Date.now(), workerId: target.w.workerId!, held: target.leases, recoveredMs: null };
          kills.push(kill);
          watches.push(watchRecovery(o.db, kill, Math.max(0, deadline - Date.now())).catch((err: unknown) => o.say(`  recovery watch failed: ${String(err)}`)));
        }
        nextKill = Date.now() + o.killEveryMs[0] + random() * (o.killEveryMs[1] - o.killEveryMs[0]);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    running.stop();
    await Promise.all(watches);
    const t = await tally(o.db, sims, seed);
    for (const f of corrections.failures) o.say(`  correction not approved: ${f}`);
    const measured = kills.filter((k) => k.held.size > 0);
    return {
      tally: t,
      kills: kills.map((k) => ({ phase: phaseOf(k), held: k.held.size, recoveredMs: k.recoveredMs })),
      reconnects,
      longestRecoveryMs: measured.length ? Math.max(...measured.map((k) => k.recoveredMs ?? Infinity)) : null,
      unrecovered: measured.filter((k) => k.recoveredMs === null).length,
      faults: faults!,
      elapsedMs: Date.now() - started,
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.child.exitCode === null ? new Promise((r) => w.child.once('exit', r)) : null)));
    await app.close();
    await sims.close();
  }
}

function phaseOf(k: KillRecord): string {
  const states = [...k.held.values()];
  if (states.length === 0) return 'idle';
  const names: Record<string, string> = { publishing: 'publish', unconfirmed: 'reconcile', processing: 'poll' };
  return [...new Set(states.map((s) => names[s] ?? s))].join('+');
}

/** For a final line per connector. */
export function formatReport(r: ChaosReport): string[] {
  const t = r.tally;
  const lines = [
    `deliveries: ${t.deliveries} (${CHAOS_CHANNELS.map((c) => `${c} ${t.byChannel[c]?.deliveries ?? 0}`).join(', ')})`,
    `states: ${Object.entries(t.states).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `faults injected: ${Object.entries(r.faults).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `workers killed: ${r.kills.length} (${Object.entries(countBy(r.kills.map((k) => k.phase))).map(([p, n]) => `${p} ${n}`).join(', ')})`,
    `longest time to lease-or-scheduled after a kill: ${r.longestRecoveryMs === null ? 'n/a' : `${(r.longestRecoveryMs / 1000).toFixed(1)} s`}${r.unrecovered ? ` (${r.unrecovered} kills not recovered before the deadline)` : ''}`,
    `corrections (a channel of an item revised while in flight): ${Object.values(t.corrections).reduce((a, b) => a + b, 0)} (${Object.entries(t.corrections).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'})`,
    `went to a person: ${t.toPerson.length} deliveries, ${r.reconnects.length} channel reconnects (${r.reconnects.join(', ') || 'none'})`,
    `DUPLICATES ${t.duplicates.length}   LOST ${t.lost.length}   STUCK ${t.stuck.length}   (${(r.elapsedMs / 1000).toFixed(0)} s)`,
  ];
  for (const [label, list] of [['duplicate', t.duplicates], ['lost', t.lost], ['stuck', t.stuck], ['person', t.toPerson]] as const) {
    for (const x of list.slice(0, 20)) lines.push(`  ${label}: ${x}`);
  }
  return lines;
}

function countBy(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) out[x] = (out[x] ?? 0) + 1;
  return out;
}

