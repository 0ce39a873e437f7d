import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/logger.ts';
import { createDb, type DbHandle } from './client.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrateDatabase } from './migrate.ts';
import path from 'node:path';

export interface Database extends DbHandle {
  url: string;
  embedded: boolean;
}

/** Connects to DATABASE_URL, or starts the embedded cluster; migrates either way. */
export async function openDatabase(config: Config, log: Logger, options: { migrate?: boolean } = {}): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(path.join(config.dataDir), log);
  const url = config.databaseUrl ?? embedded!.url;
  const handle = createDb(url);
  try {
    if (options.migrate !== false) await migrateDatabase(handle, url);
  } catch (err) {
    await handle.close();
    await embedded?.stop();
    throw err;
  }
  return {
    ...handle,
    url,
    embedded: Boolean(embedded),
    async close() {
      await handle.close();
      await embedded?.stop();
    },
  };
}
