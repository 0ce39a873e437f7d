import { boot } from './boot.ts';

/** `loa migrate`: apply migrations (boot does it) and exit. */
export async function migrateOnly(): Promise<void> {
  const { database, log } = await boot();
  log.info('database migrated');
  await database.close();
}
