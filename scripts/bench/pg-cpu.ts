import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * CPU time spent by the PostgreSQL backends of the bench's database (every connection to it:
 * the worker's pool, graphile's, the bench's own), read from the kernel's scheduler counters
 * (`/proc/<pid>/schedstat`, nanoseconds on a CPU). It splits a round's cost between Node and
 * PostgreSQL where both share the machine's cores, and, being time on a CPU rather than on the
 * clock, it moves less with other load than a rate does. Null when the server is not on this
 * machine (no `/proc/<pid>` to read).
 */
export async function startDatabaseCpu(db: Db): Promise<() => Promise<number | null>> {
  const before = await backendCpu(db);
  return async () => {
    if (!before) return null;
    const after = await backendCpu(db);
    if (!after) return null;
    let ns = 0;
    // A backend that started during the round counts from zero; one that ended is lost (rare: pools stay open).
    for (const [pid, spent] of after) ns += spent - (before.get(pid) ?? 0);
    return ns / 1e6;
  };
}

async function backendCpu(db: Db): Promise<Map<number, number> | null> {
  const rows = await db.execute<{ pid: number }>(sql`select pid from pg_stat_activity where datname = current_database()`);
  const spent = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      spent.set(pid, Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      return null;
    }
  }
  return spent;
}
