import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, gt, inArray, like, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deliveries, workerHeartbeats } from '../../db/schema/index.ts';

const LOA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../loa.mjs');

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Loa's worker id (`worker-…`), known once its first heartbeat row is written. */
  workerId: string | null;
  output: string[];
}

/**
 * A real `loa worker` process against the run's database. The environment is passed through
 * `env` (only these variables change; PATH and the rest are inherited).
 */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn('env', [...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, LOA, 'worker'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const w: WorkerProcess = { child, pid: child.pid!, workerId: null, output: [] };
  const keep = (c: Buffer) => {
    const text = c.toString();
    // Its first log line names it (the heartbeat row may wait behind a queue of publishes).
    w.workerId ??= /"worker":"(worker-[0-9a-f]+)"/.exec(text)?.[1] ?? null;
    w.output.push(text);
    if (w.output.length > 200) w.output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return w;
}

/** Fills in worker ids not yet read from the log from the heartbeat table (the `env` wrapper execs node: same pid). */
export async function identify(db: Db, workers: WorkerProcess[]): Promise<void> {
  const unknown = workers.filter((w) => !w.workerId);
  if (unknown.length === 0) return;
  const rows = await db
    .select({ workerId: workerHeartbeats.workerId, pid: workerHeartbeats.pid })
    .from(workerHeartbeats)
    .where(inArray(workerHeartbeats.pid, unknown.map((w) => String(w.pid))));
  for (const w of unknown) w.workerId = rows.find((r) => r.pid === String(w.pid))?.workerId ?? null;
}

export interface KillRecord {
  at: number;
  workerId: string;
  /** What the killed worker held: delivery id → state (publishing = publish, unconfirmed = reconcile, processing = poll). */
  held: Map<string, string>;
  /** Longest time until each held delivery had left the dead worker (leased by another, or its next step scheduled). */
  recoveredMs: number | null;
}

/** A lease owner is `<worker id>/<job>`: the worker's part decides whose it is. */
export const ownedBy = (owner: string | null, workerId: string) => owner === workerId || (owner?.startsWith(`${workerId}/`) ?? false);

/** Deliveries whose lease the worker holds now. */
export async function leasesOf(db: Db, workerId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: deliveries.id, state: deliveries.state })
    .from(deliveries)
    .where(and(or(eq(deliveries.leaseOwner, workerId), like(deliveries.leaseOwner, `${workerId}/%`)), gt(deliveries.leaseUntil, new Date())));
  return new Map(rows.map((r) => [r.id, r.state]));
}

const FINAL = new Set(['published', 'failed', 'cancelled', 'needs_reconnect', 'taken_down', 'missed', 'awaiting_officer']);

/** Deliveries whose next step (publish, reconcile, poll) waits in the queue, or was taken by a worker after `since`. */
async function queued(db: Db, ids: string[], since: Date): Promise<Set<string>> {
  // The public `jobs` view has no payload; graphile-worker 0.17 keeps it in `_private_jobs`.
  const rows = await db.execute<{ id: string }>(sql`
    select distinct payload->>'deliveryId' as id from graphile_worker._private_jobs
    where payload->>'deliveryId' in ${ids} and (locked_at is null or locked_at > ${since.toISOString()}::timestamptz)`);
  return new Set([...rows].map((r) => r.id));
}

/**
 * Watches a kill's deliveries until each has left the dead worker: in a final state, leased
 * by another live worker, or its next step waiting in the queue (or taken after the kill).
 * Sets the longest wait; leaves it null when `giveUpMs` passes first.
 */
export async function watchRecovery(db: Db, kill: KillRecord, giveUpMs: number): Promise<void> {
  const pending = new Set(kill.held.keys());
  let longest = 0;
  while (pending.size > 0) {
    const elapsed = Date.now() - kill.at;
    if (elapsed > giveUpMs) return;
    const ids = [...pending];
    const rows = await db
      .select({ id: deliveries.id, state: deliveries.state, leaseOwner: deliveries.leaseOwner, leaseUntil: deliveries.leaseUntil })
      .from(deliveries)
      .where(inArray(deliveries.id, ids));
    const waiting = await queued(db, ids, new Date(kill.at));
    for (const r of rows) {
      const dead = ownedBy(r.leaseOwner, kill.workerId);
      const leasedAgain = r.leaseOwner !== null && !dead && (r.leaseUntil?.getTime() ?? 0) > Date.now();
      if (FINAL.has(r.state) || leasedAgain || (!dead && waiting.has(r.id))) {
        pending.delete(r.id);
        longest = Math.max(longest, elapsed);
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 250));
  }
  kill.recoveredMs = longest;
}
