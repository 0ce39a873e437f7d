import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/open.ts';
import { channels } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { loadSecretBox } from '../../lib/secret-key.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { buildApp, type App } from '../../server/app.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { ensureWebBuild } from '../web/build.ts';
import { demoBanner } from './banner.ts';
import { demoChannels } from './channel-data.ts';
import { startInspector, type Inspector } from './inspector.ts';
import { resetDemo } from './reset.ts';
import { seedDemoReadings } from './seed-readings.ts';
import { seedDemo } from './seed.ts';
import { startDemoSimulators, type DemoSimulators } from './simulators.ts';
import { demoStatus, settleDeliveries } from './status.ts';

const SETTLE_MS = 30_000;

/**
 * The demo keeps its own state under `<LOA_DATA_DIR>/demo` (embedded PostgreSQL, key,
 * media), apart from a real installation's. It logs warnings only unless LOG_LEVEL asks
 * for debug or trace, so the closing message stays readable.
 */
export function demoConfig(base: Config): Config {
  const dataDir = path.join(base.dataDir, 'demo');
  const quiet = base.logLevel === 'debug' || base.logLevel === 'trace' ? base.logLevel : 'warn';
  return { ...base, dataDir, mediaDir: path.join(dataDir, 'media'), logLevel: quiet };
}

/**
 * `npm run demo`: Loa (server + worker) with the simulators in one process, seeded with a
 * province at every stage of the workflow, running until Ctrl+C.
 */
export async function runDemo(options: { reset: boolean }): Promise<void> {
  const config = demoConfig(loadConfig());
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (options.reset) {
    await resetDemo(config);
    say('Đã xoá dữ liệu demo cũ.');
  }
  // The banner's first address is the officer app at /app, served from web/dist: on a fresh
  // clone (`npm install && npm run demo`) it is not built yet, so build it as `npm start` does.
  await ensureWebBuild(say);
  const log = createLogger(config.logLevel);
  const secrets = loadSecretBox(config);
  say(config.databaseUrl ? 'Đang kết nối PostgreSQL (DATABASE_URL)…' : `Đang khởi động PostgreSQL nhúng (${config.dataDir})…`);
  const database = await openDatabase(config, log);
  const running: { sims?: DemoSimulators; app?: App; worker?: LoaWorker; inspector?: Inspector; database: Database } = { database };
  let stopping = false;
  const stop = async () => {
    await running.app?.close().catch((err) => log.error({ err }, 'server close failed'));
    await running.worker?.stop().catch((err) => log.error({ err }, 'worker stop failed'));
    await running.inspector?.close();
    await running.sims?.close();
    await database.close().catch((err) => log.error({ err }, 'database close failed'));
  };
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    say('\nĐang dừng demo…');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    void stop().then(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    const sims = (running.sims = await startDemoSimulators());
    const deps = { config, db: database.db, log, clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
    const app = (running.app = await buildApp(deps));
    say('Đang chuẩn bị dữ liệu demo (qua API của Loa)…');
    const seeded = await seedDemo({ app, db: database.db, clock: systemClock, endpoints: sims.endpoints });
    running.worker = await startWorker({ ...deps, databaseUrl: database.url });
    await app.listen({ port: config.port, host: config.host });
    const inspector = (running.inspector = await startInspector(sims));
    say('Đang chờ các lượt đăng đến hạn hoàn tất…');
    const settled = await settleDeliveries(database.db, SETTLE_MS);
    if (seeded.created) await seedDemoReadings({ db: database.db, clock: systemClock, log, sims });
    const radioTvName = demoChannels.find((c) => c.key === 'radioTv')!.name;
    const [radioTv] = await database.db.select({ id: channels.id, status: channels.status }).from(channels).where(eq(channels.name, radioTvName));
    say(
      demoBanner({
        publicUrl: config.publicUrl,
        inspectorUrl: inspector.url,
        created: seeded.created,
        settled,
        status: await demoStatus(database.db),
        endpoints: sims.endpoints,
        radioTvChannelId: radioTv?.status === 'needs_reconnect' ? radioTv.id : undefined,
      }),
    );
  } catch (err) {
    stopping = true;
    await stop();
    throw err;
  }
}
