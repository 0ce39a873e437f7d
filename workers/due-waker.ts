import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';

/**
 * graphile-worker hears about a job through NOTIFY only when it is added already due; a job
 * due later is found by polling, up to `pollInterval` late. The due waker removes that
 * lateness: every horizon/2 it reads the jobs due within the horizon and, at each run time
 * (measured on the database's clock, as graphile compares), nudges this process's own
 * worker pool, which fetches the job at once. Jobs keep `run_at` = their due time; the
 * waker only shortens the wait. Each worker process runs its own waker, and the pools race
 * for the job through SKIP LOCKED as usual.
 */
export interface DueWaker {
  start(): void;
  /** A job this process just enqueued, due possibly before the next look. */
  expect(at: Date): void;
  stop(): void;
}

export function createDueWaker(o: { db: Db; horizonMs: number; nudge: (count: number) => void; log: Logger }): DueWaker {
  const everyMs = Math.max(100, Math.floor(o.horizonMs / 2));
  const timers = new Set<NodeJS.Timeout>();
  /** run_at (database text) → when it may be forgotten; keeps one nudge per run time. */
  const planned = new Map<string, number>();
  let interval: NodeJS.Timeout | undefined;
  let busy = false;

  const nudgeAfter = (delayMs: number, count: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      o.nudge(count);
    }, Math.max(0, delayMs) + 1);
    timers.add(t);
  };

  async function look(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      // Loa enqueues every job at priority 0, so this range scan uses graphile's
      // jobs_main_index (priority, run_at) where is_available.
      const rows = await o.db.execute<{ run_at: string; delay_ms: number; n: number }>(sql`
        select run_at::text as run_at, (extract(epoch from (run_at - now())) * 1000)::float8 as delay_ms, count(*)::int as n
        from graphile_worker._private_jobs
        where is_available = true and priority = 0
          and run_at > now() - make_interval(secs => ${everyMs / 1000})
          and run_at <= now() + make_interval(secs => ${o.horizonMs / 1000})
        group by run_at
        order by run_at
        limit 1000`);
      const now = Date.now();
      for (const r of rows) {
        if (planned.has(r.run_at)) continue;
        planned.set(r.run_at, now + o.horizonMs + everyMs * 2);
        nudgeAfter(r.delay_ms, r.n);
      }
      for (const [k, forgetAt] of planned) if (forgetAt < now) planned.delete(k);
    } catch (err) {
      o.log.warn({ err }, 'due_waker.look_failed');
    } finally {
      busy = false;
    }
  }

  return {
    start() {
      interval ??= setInterval(() => void look(), everyMs);
      void look();
    },
    expect(at) {
      const delay = at.getTime() - Date.now();
      if (delay < everyMs * 2) nudgeAfter(delay, 1);
    },
    stop() {
      if (interval) clearInterval(interval);
      interval = undefined;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
