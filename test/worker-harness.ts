import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import { systemClock } from '../lib/clock.ts';
import { loadConfig } from '../lib/config.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { createSecretBox, generateSecretKey, type SecretBox } from '../lib/secrets.ts';
import { LocalStorage } from '../lib/storage.ts';
import { startWorker, type LoaWorker } from '../workers/runner.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { createNewsroom } from './delivery-fixtures.ts';

export interface WorkerHarness {
  t: TestDatabase;
  room: Awaited<ReturnType<typeof createNewsroom>>;
  secrets: SecretBox;
  storage: LocalStorage;
  worker: LoaWorker;
  /** Stops the worker as a graceful shutdown does (once: `close()` then leaves it stopped). */
  stopWorker(): Promise<void>;
  /** Something to stop (a simulator) once the worker has stopped, before the database goes. */
  stopLater(close: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * A real worker (graphile, its own data folder and credentials key) over a fresh test
 * database holding a newsroom, for tests that publish through the simulators. `env`: the
 * worker's settings (concurrency, retry delays); `log`: where its log goes (silent by default);
 * `connectors`: the platform connectors, when a test needs its own (short timeouts), else every
 * platform's default.
 */
export async function startWorkerHarness(env: Record<string, string> = {}, o: { log?: Logger; connectors?: ConnectorRegistry } = {}): Promise<WorkerHarness> {
  const t = await createTestDatabase();
  const room = await createNewsroom(t.db);
  const secrets = createSecretBox(generateSecretKey());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-worker-'));
  const storage = new LocalStorage(dataDir);
  const config = loadConfig({ LOA_DATA_DIR: dataDir, ...env });
  const worker = await startWorker({ db: t.db, databaseUrl: t.url, log: o.log ?? createLogger('silent'), config, clock: systemClock, secrets, storage, ...(o.connectors ? { connectors: o.connectors } : {}) });
  const closing: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  const stopWorker = () => (stopped ??= worker.stop());
  return {
    t,
    room,
    secrets,
    storage,
    worker,
    stopWorker,
    stopLater: (close) => closing.push(close),
    async close() {
      await stopWorker();
      for (const close of closing) await close();
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
