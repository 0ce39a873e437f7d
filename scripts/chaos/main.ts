import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { generateSecretKey } from '../../lib/secrets.ts';
import { formatReport, runChaos } from './run.ts';

// `npm run chaos [-- --items N --seed S]`: the full chaos run (≥ 1,000 deliveries) on its own
// database — a fresh `loa_chaos_<checkout>` on DATABASE_URL's server, or an embedded cluster under
// LOA_DATA_DIR/chaos. Exits 1 when anything was duplicated, lost or stuck.
const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200' },
    workers: { type: 'string', default: '3' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});

// The run's own key unless one is given: its workers share it; nothing outlives the run.
const secretKey = process.env.LOA_SECRET_KEY ?? generateSecretKey();
const base = loadConfig({ ...process.env, LOA_SECRET_KEY: secretKey });
const dataDir = path.join(base.dataDir, 'chaos');
fs.rmSync(path.join(dataDir, 'media'), { recursive: true, force: true });
const log = createLogger('warn');
const server = await openDatabase({ ...base, dataDir }, log, { migrate: false });
// One database per checkout, so two checkouts sharing a PostgreSQL server do not collide.
const name = `loa_chaos_${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
const url = new URL(server.url);
url.pathname = `/${name}`;
await server.sql.unsafe(`drop database if exists ${name} with (force)`);
await server.sql.unsafe(`create database ${name}`);
const handle = createDb(url.toString());
await migrateDatabase(handle, url.toString());
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`chaos run, seed ${values.seed}`);
let failed = true;
try {
  const report = await runChaos({
    databaseUrl: url.toString(),
    db: handle.db,
    dataDir,
    secretKey,
    items: Number(values.items),
    workers: Number(values.workers),
    concurrency: 6,
    killEveryMs: [8_000, 20_000],
    faultPerRequests: 4,
    settleSeconds: 20,
    correctShare: 0.25,
    deadlineMs: 30 * 60_000,
    seed: Number(values.seed),
    say,
  });
  for (const line of formatReport(report)) say(line);
  const t = report.tally;
  failed = t.duplicates.length + t.lost.length + t.stuck.length > 0;
} finally {
  await handle.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
