import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { workerHeartbeats } from '../db/schema/index.ts';
import type { Clock } from '../lib/clock.ts';

/** A worker whose heartbeat job has not run for this long is considered stuck or dead. */
export const WORKER_STALE_MS = 30_000;

export interface Health {
  status: 'ok' | 'unhealthy';
  database: 'ok' | 'down';
  worker: { status: 'ok' | 'stale' | 'none'; lastSeenAt: string | null; workers: number };
}

export async function checkHealth(db: Db, clock: Clock): Promise<Health> {
  try {
    const rows = await db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.lastSeenAt));
    const now = clock.now().getTime();
    const live = rows.filter((r) => now - r.lastSeenAt.getTime() <= WORKER_STALE_MS);
    const worker: Health['worker'] = {
      status: live.length > 0 ? 'ok' : rows.length > 0 ? 'stale' : 'none',
      lastSeenAt: rows[0]?.lastSeenAt.toISOString() ?? null,
      workers: live.length,
    };
    return { status: worker.status === 'ok' ? 'ok' : 'unhealthy', database: 'ok', worker };
  } catch {
    return { status: 'unhealthy', database: 'down', worker: { status: 'none', lastSeenAt: null, workers: 0 } };
  }
}

/** Gauges for /metrics, read straight from Postgres so every process reports the same. */
export async function readGauges(db: Db): Promise<{ name: string; help: string; labels?: Record<string, string>; value: number }[]> {
  const deliveries = await db.execute<{ state: string; n: number }>(sql`select state, count(*)::int as n from deliveries group by state`);
  const jobs = await db.execute<{ n: number; locked: number }>(
    sql`select count(*)::int as n, count(*) filter (where locked_at is not null)::int as locked from graphile_worker.jobs`,
  );
  const revisions = await db.execute<{ state: string; n: number }>(sql`select state, count(*)::int as n from revisions group by state`);
  return [
    ...deliveries.map((r) => ({ name: 'loa_deliveries', help: 'Deliveries by state', labels: { state: r.state }, value: r.n })),
    ...revisions.map((r) => ({ name: 'loa_revisions', help: 'Content revisions by state', labels: { state: r.state }, value: r.n })),
    { name: 'loa_jobs_queued', help: 'Jobs in the graphile-worker queue', value: jobs[0]?.n ?? 0 },
    { name: 'loa_jobs_locked', help: 'Jobs currently held by a worker', value: jobs[0]?.locked ?? 0 },
  ];
}
