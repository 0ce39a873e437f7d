import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createDb, type DbHandle } from '../../db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';

/** The benchmark's own database, created here and dropped by `close()`. */
export interface BenchDatabase extends DbHandle {
  url: string;
  embedded: boolean;
  /**
   * An empty database beside it on the same server, dropped by `close()`: LISTEN/NOTIFY
   * is per database, so a baseline queue there is not woken by Loa's notifications.
   */
  sibling(suffix: string): Promise<string>;
  /**
   * The database `name` on the same server, created and migrated if missing, and left in
   * place by `close()`: a slow load kept there is reused by the next run (LOA_BENCH_KEEP).
   */
  kept(name: string): Promise<DbHandle>;
}

export const BENCH_DIR = path.resolve('.loa/bench');

/**
 * DATABASE_URL when set (it needs the right to create databases), else the embedded
 * cluster under `.loa/bench`; either way a fresh, migrated database of its own.
 */
export async function openBenchDatabase(log: Logger): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  const adminUrl = process.env.DATABASE_URL || (embedded = await startEmbeddedPostgres(BENCH_DIR, log)).url;
  const name = `loa_bench_${randomBytes(5).toString('hex')}`;
  const names = [name];
  const opened: DbHandle[] = [];
  const admin = createDb(adminUrl, { max: 1 });
  await admin.sql.unsafe(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const handle = createDb(url, { max: 10 });
  await migrateDatabase(handle, url);
  return {
    ...handle,
    url,
    embedded: Boolean(embedded),
    async sibling(suffix) {
      const sibling = `${name}_${suffix}`;
      await admin.sql.unsafe(`create database ${sibling}`);
      names.push(sibling);
      return withDatabase(adminUrl, sibling);
    },
    async kept(keptName) {
      const [found] = await admin.sql`select 1 from pg_database where datname = ${keptName}`;
      if (!found) await admin.sql.unsafe(`create database ${keptName}`);
      const keptUrl = withDatabase(adminUrl, keptName);
      const kept = createDb(keptUrl, { max: 10 });
      await migrateDatabase(kept, keptUrl);
      opened.push(kept);
      return kept;
    },
    async close() {
      await handle.close();
      for (const k of opened) await k.close();
      for (const n of names) await admin.sql.unsafe(`drop database if exists ${n} with (force)`);
      await admin.close();
      await embedded?.stop();
    },
  };
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Nearest-rank percentile of `values` (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall-clock milliseconds of `fn`. */
export async function timeMs<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * A worker logger at production's level (info) whose lines are counted, not printed:
 * `published` counts delivery transitions to `published`, so throughput is read from the
 * worker itself rather than by polling the database.
 */
export function createCountingLog(): { log: Logger; published(): number; errors(): string[]; onPublished(fn: () => void): void } {
  let published = 0;
  const errors: string[] = [];
  const listeners = new Set<() => void>();
  // pino writes each line as a string to `write`: a plain destination, not a Writable stream that
  // would turn it into a Buffer and back (a cost production's stdout does not have).
  const sink = {
    write(line: string) {
      if (line.includes('"msg":"delivery.transition"') && line.includes('"to":"published"')) {
        published++;
        for (const fn of listeners) fn();
      } else if (line.includes('"level":50') && errors.length < 5) {
        errors.push(line.slice(0, 400));
      }
    },
  };
  return { log: createLogger('info', sink), published: () => published, errors: () => errors, onPublished: (fn) => void listeners.add(fn) };
}

/** Resolves once `count()` reaches `n`; rejects after `timeoutMs`. */
export function waitUntil(count: () => number, n: number, subscribe: (fn: () => void) => void, timeoutMs: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`${label}: ${count()} of ${n} after ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (done || count() < n) return;
      done = true;
      clearTimeout(timer);
      resolve();
    };
    subscribe(check);
    check();
  });
}

/** 1-minute load averages seen while the benchmark ran (the machine may be shared). */
export function createLoadSampler(everyMs = 5_000) {
  const samples: number[] = [os.loadavg()[0]!];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), everyMs).unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]!);
      return { first: samples[0]!, max: Math.max(...samples), last: samples[samples.length - 1]! };
    },
  };
}
