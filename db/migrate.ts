import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger as WorkerLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import type { DbHandle } from './client.ts';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const silentWorkerLogger = new WorkerLogger(() => () => {});

/**
 * Applies Loa's drizzle migrations and graphile-worker's schema. Idempotent; an advisory
 * lock on a reserved connection keeps two processes starting together from racing.
 */
export async function migrateDatabase(handle: DbHandle, url: string): Promise<void> {
  const conn = await handle.sql.reserve();
  try {
    await conn`select pg_advisory_lock(hashtext('loa:migrate'))`;
    await migrate(handle.db, { migrationsFolder });
    await runWorkerMigrations({ connectionString: url, logger: silentWorkerLogger });
  } finally {
    await conn`select pg_advisory_unlock(hashtext('loa:migrate'))`.catch(() => {});
    conn.release();
  }
}
