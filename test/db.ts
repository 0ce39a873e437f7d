import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../db/client.ts';
import { withDatabase } from './global-setup.ts';

export interface TestDatabase extends DbHandle {
  url: string;
}

/** A fresh database cloned from the migrated template; dropped by `close()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `loa_t_${randomBytes(6).toString('hex')}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.sql.unsafe(`create database ${name} template ${inject('templateDb')}`);
  await admin.close();
  const url = withDatabase(adminUrl, name);
  const handle = createDb(url);
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      const a = createDb(adminUrl, { max: 1 });
      await untilUnused(a.sql, name);
      await a.sql.unsafe(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}

/**
 * Waits (at most 5 s) until nobody else is connected to `name`. graphile-worker's runner ends
 * its pool without waiting for the clients to go; dropping WITH (FORCE) in that moment
 * terminates them, and their "terminating connection due to administrator command" surfaces
 * as an uncaught error that fails the whole test run. FORCE stays for a client that never goes.
 */
async function untilUnused(sql: DbHandle['sql'], name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const [row] = await sql`select count(*)::int as n from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    if (row!.n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
