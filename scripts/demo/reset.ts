import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../db/client.ts';
import type { Config } from '../../lib/config.ts';
import { DEMO_EMAIL_DOMAIN } from './org-data.ts';
import { DemoSetupError } from './seed.ts';

/**
 * `npm run demo -- --reset`: starts the demo over. Embedded: deletes the demo's own data
 * directory (cluster, key, media). DATABASE_URL: drops Loa's schemas, but only in a
 * database whose users are all demo users — never someone's real data.
 */
export async function resetDemo(config: Config): Promise<void> {
  if (!config.databaseUrl) {
    const pidFile = path.join(config.dataDir, 'pg', 'postmaster.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
    if (Number.isInteger(pid) && isAlive(pid)) {
      throw new DemoSetupError(`Demo khác đang chạy trên dữ liệu này (PostgreSQL PID ${pid}); hãy dừng nó (Ctrl+C) rồi chạy lại --reset.`);
    }
    fs.rmSync(config.dataDir, { recursive: true, force: true });
    return;
  }
  const handle = createDb(config.databaseUrl, { max: 1 });
  try {
    const [table] = await handle.sql<{ present: boolean }[]>`select to_regclass('public.users') is not null as present`;
    if (table?.present) {
      const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from users where lower(email) not like ${`%@${DEMO_EMAIL_DOMAIN}`}`;
      if ((row?.n ?? 0) > 0) {
        throw new DemoSetupError(`Không xoá: cơ sở dữ liệu trong DATABASE_URL có ${row!.n} người dùng không thuộc bản demo.`);
      }
    }
    await handle.sql.unsafe('drop schema if exists graphile_worker cascade; drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public');
  } finally {
    await handle.close();
  }
  fs.rmSync(config.mediaDir, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
