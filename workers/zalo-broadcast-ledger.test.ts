import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZaloSimulator, type ZaloSimulator } from '../connectors/zalo/simulator.ts';
import { vnTime } from '../connectors/zalo/test-kit.ts';
import type { Clock } from '../lib/clock.ts';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { LocalStorage } from '../lib/storage.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, deliveryRow, waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from './runner.ts';
import { createZaloChannel } from './zalo-test-fixtures.ts';

/** Real time shifted to a chosen instant, and re-shifted by the test: the worker's and Zalo's clock. */
function shiftedClock(): Clock & { set(at: Date): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    set: (at) => {
      offset = at.getTime() - Date.now();
    },
  };
}

/**
 * The OA's broadcast rules through the real publish task: the worker and the Zalo simulator
 * share an injected clock. graphile-worker runs jobs by the database's own clock, which a
 * test cannot move, so when the test moves Loa's clock to the deferral time it also brings
 * the delivery's job forward with graphile's `rescheduleJobs` (what the queue would do by itself
 * when that time comes).
 */
describe('Zalo OA broadcast rules through the worker (injected clock)', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let utils: WorkerUtils;
  let sim: ZaloSimulator;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let channelId: string;
  const clock = shiftedClock();
  const secrets = createSecretBox(generateSecretKey());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-zalo-window-'));

  beforeAll(async () => {
    clock.set(vnTime('2031-03-10', '21:00'));
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    sim = await startZaloSimulator({ clock });
    ({ channelId } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId }));
    const config = loadConfig({ LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '2' });
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log: createLogger('silent'), config, clock, secrets, storage: new LocalStorage(dataDir) });
    utils = await makeWorkerUtils({ connectionString: t.url });
  });
  afterAll(async () => {
    await utils?.release();
    await worker?.stop();
    await sim?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function bringJobForward(deliveryId: string): Promise<void> {
    const [job] = await t.db.execute<{ id: string }>(sql`select id::text from graphile_worker.jobs where key = ${`publish:${deliveryId}`}`);
    await utils.rescheduleJobs([job!.id], { runAt: new Date() });
  }

  it('21:00 Vietnam time: the due broadcast is deferred to 06:00 with the reason on the delivery, and goes out then', async () => {
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const id = deliveryIds[0]!;
    const deferred = await waitFor(async () => {
      const d = await deliveryRow(t.db, id);
      return d.state === 'scheduled' && d.lastErrorCode === 'ZALO_SEND_WINDOW' ? d : null;
    }, 'the window deferral');
    expect(deferred.holdReason).toBe('Ngoài khung giờ gửi tin của Zalo OA (06:00–20:00 giờ Việt Nam); Loa sẽ gửi vào 11/03/2031 06:00');
    expect(deferred.notBefore).toEqual(vnTime('2031-03-11', '06:00'));
    expect(deferred.attemptCount).toBe(0);
    expect(deferred.progress.articleId).toBe(sim.state.articles[0]!.id);
    expect(sim.state.broadcasts).toHaveLength(0);

    clock.set(vnTime('2031-03-11', '06:00'));
    await bringJobForward(id);
    const done = await waitForState(t.db, id, 'published');
    expect(done.externalId).toBe(sim.state.articles[0]!.id);
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.broadcasts).toHaveLength(1);
    expect(sim.state.broadcasts[0]!.at.getTime()).toBeGreaterThanOrEqual(vnTime('2031-03-11', '06:00').getTime());
    expect((await attemptsOf(t.db, id)).map((a) => a.outcome)).toEqual(['deferred', 'published']);
    expect(done.attemptCount).toBe(1);
  });

  it('one broadcast a day, counted in Postgres across deliveries: a second item that day waits for tomorrow 06:00', async () => {
    clock.set(vnTime('2031-03-11', '08:00'));
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(), title: 'Cảnh giác thủ đoạn lôi kéo người mới ra tù' });
    const id = deliveryIds[0]!;
    const deferred = await waitFor(async () => {
      const d = await deliveryRow(t.db, id);
      return d.state === 'scheduled' && d.lastErrorCode === 'ZALO_DAILY_LIMIT' ? d : null;
    }, 'the daily-limit deferral');
    expect(deferred.notBefore).toEqual(vnTime('2031-03-12', '06:00'));
    expect(deferred.holdReason).toMatch(/chỉ gửi 1 tin truyền thông mỗi ngày/);
    expect(deferred.progress.broadcastReservedAt ?? null).toBeNull();
    expect(sim.state.broadcasts).toHaveLength(1);
    expect(sim.state.articles).toHaveLength(2);
  });
});
