import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createLogger } from '../lib/logger.ts';
import { ensureWebBuild } from '../scripts/web/build.ts';

/**
 * One PostgreSQL for the run: DATABASE_URL when set, else the embedded cluster under
 * `.loa/test`. A migrated template database is built once; each test file clones it.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject) {
  const log = createLogger('warn');
  // Browser tests of the officer app load web/dist: build it when the sources changed.
  await ensureWebBuild((line) => process.stdout.write(`${line}\n`));
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(path.resolve('.loa/test'), log);
    adminUrl = embedded.url;
  }
  const templateDb = `loa_template_${process.pid}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${templateDb}`);
  await admin.sql.unsafe(`create database ${templateDb}`);
  const templateUrl = withDatabase(adminUrl, templateDb);
  const tpl = createDb(templateUrl, { max: 2 });
  await migrateDatabase(tpl, templateUrl);
  await tpl.close();
  await admin.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    const a = createDb(adminUrl!, { max: 1 });
    await a.sql.unsafe(`drop database if exists ${templateDb}`);
    await a.close();
    await embedded?.stop();
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
