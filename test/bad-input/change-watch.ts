import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Tells whether anything was written: a row-level trigger on every table (and graphile-worker's
 * jobs) counts committed changes in a one-row table, so a write rolled back leaves no trace and
 * a half-written refusal shows. The media directory is compared by names and sizes.
 * Tables written by design when a request is refused are left out: failed logins are recorded.
 */
const WRITTEN_BY_REFUSALS = ['login_attempts'];

export async function installChangeCounter(db: Db): Promise<void> {
  await db.execute(sql`create table corpus_changes (n bigint not null, last text)`);
  await db.execute(sql`insert into corpus_changes values (0, null)`);
  await db.execute(sql.raw(`create function corpus_bump() returns trigger language plpgsql as $$
    begin update public.corpus_changes set n = n + 1, last = TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || TG_OP; return null; end $$`));
  const tables = await db.execute<{ schema: string; name: string }>(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'graphile_worker' and table_name = '_private_jobs'))`);
  for (const t of tables) {
    if (t.schema === 'public' && [...WRITTEN_BY_REFUSALS, 'corpus_changes'].includes(t.name)) continue;
    await db.execute(sql.raw(`create trigger corpus_bump after insert or update or delete on "${t.schema}"."${t.name}" for each row execute function public.corpus_bump()`));
  }
}

export async function changeCount(db: Db): Promise<{ n: number; last: string | null }> {
  const [row] = await db.execute<{ n: string; last: string | null }>(sql`select n, last from corpus_changes`);
  return { n: Number(row!.n), last: row!.last };
}

export function mediaSnapshot(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.push(`${path.relative(dir, full)}:${fs.statSync(full).size}`);
  }
  return out.sort().join('\n');
}
