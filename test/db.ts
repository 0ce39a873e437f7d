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
      await a.sql.unsafe(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}
