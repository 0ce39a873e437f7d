import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deferral } from '../connectors/contract.ts';
import { projectBuckets, quotaDeferral, type QuotaBucket } from '../connectors/youtube/quota.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from '../connectors/youtube/simulator.ts';
import { createDb, type DbHandle } from '../db/client.ts';
import { quotaUsage } from '../db/schema/index.ts';
import { systemClock } from '../lib/clock.ts';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { LocalStorage } from '../lib/storage.ts';
import { approveWithMedia, createPlatformChannel, storeMedia, videoBytes } from '../test/metrics-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { attemptsOf, createNewsroom, deliveryRow, waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from './runner.ts';
import { createYoutubeQuotaLedger } from './youtube-quota.ts';

let t: TestDatabase;
/** A second worker process's own connections to the same database. */
let other: DbHandle;
beforeAll(async () => {
  t = await createTestDatabase();
  other = createDb(t.url);
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const bucket = (id: string, limitPerDay: number): QuotaBucket => ({ id, kind: 'uploads', limitPerDay });

describe('YouTube quota ledger in Postgres, shared by worker processes', () => {
  it('two workers reserving at once never take more than the allowance: 200 reservations against 100, exactly 100 taken', async () => {
    const a = createYoutubeQuotaLedger(t.db);
    const b = createYoutubeQuotaLedger(other.db);
    const uploads = bucket('youtube:shared-project:uploads', 100);
    const now = new Date('2026-07-15T18:00:00Z');
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).reserve(uploads, 1, now)));
    expect(answers.filter((x) => x === null)).toHaveLength(100);
    const refused = answers.filter((x): x is Deferral => x !== null);
    expect(refused).toHaveLength(100);
    for (const deferral of refused) {
      expect(deferral).toBeInstanceOf(Deferral);
      expect(deferral.code).toBe('YT_QUOTA_DEFERRED');
      expect(deferral.notBefore.toISOString()).toBe('2026-07-16T07:00:00.000Z');
      expect(deferral.reason).toEqual(quotaDeferral(uploads, now).reason);
    }
    expect(refused[0]!.reason.vi).toBe(
      'Đã dùng hết hạn mức YouTube trong ngày (100 lượt tải video lên), hạn mức được cấp lại lúc 0 giờ theo giờ Thái Bình Dương; Loa sẽ đăng vào 16/07/2026 14:00',
    );
    const rows = await t.db.select().from(quotaUsage).where(sql`${quotaUsage.bucketId} = ${uploads.id}`);
    expect(rows.map((r) => [r.day, r.used])).toEqual([['2026-07-15', 100]]);
  });

  it('the quota day rolls over at midnight Pacific time (07:00 UTC in summer, 08:00 in winter)', async () => {
    const ledger = createYoutubeQuotaLedger(t.db);
    const summer = bucket('youtube:rollover-summer:uploads', 1);
    expect(await ledger.reserve(summer, 1, new Date('2026-07-16T06:00:00Z'))).toBeNull();
    expect((await ledger.reserve(summer, 1, new Date('2026-07-16T06:59:59Z')))?.notBefore.toISOString()).toBe('2026-07-16T07:00:00.000Z');
    expect(await ledger.reserve(summer, 1, new Date('2026-07-16T07:00:00Z'))).toBeNull();

    const winter = bucket('youtube:rollover-winter:uploads', 1);
    expect(await ledger.reserve(winter, 1, new Date('2026-01-10T03:00:00Z'))).toBeNull();
    expect((await ledger.reserve(winter, 1, new Date('2026-01-10T07:30:00Z')))?.notBefore.toISOString()).toBe('2026-01-10T08:00:00.000Z');
    expect(await ledger.reserve(winter, 1, new Date('2026-01-10T08:00:00Z'))).toBeNull();
  });

  it('a bucket one worker found exhausted (403 quotaExceeded) defers every reservation of every worker until the reset', async () => {
    const a = createYoutubeQuotaLedger(t.db);
    const b = createYoutubeQuotaLedger(other.db);
    const units: QuotaBucket = { id: 'youtube:exhausted-project:units', kind: 'units', limitPerDay: 10_000 };
    const now = new Date('2026-01-09T20:00:00Z');
    expect(await b.reserve(units, 1, now)).toBeNull();
    await a.exhaust(units, now);
    for (const at of ['2026-01-09T20:00:01Z', '2026-01-10T07:59:59Z']) {
      const deferral = await b.reserve(units, 1, new Date(at));
      expect(deferral?.notBefore.toISOString()).toBe('2026-01-10T08:00:00.000Z');
      expect(deferral?.reason.vi).toContain('10000 đơn vị hạn mức API');
    }
    expect(await b.reserve(units, 1, new Date('2026-01-10T08:00:00Z'))).toBeNull();
  });
});

describe('a real worker publishing to the YouTube simulator', () => {
  let worker: LoaWorker;
  let yt: YoutubeSimulator;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-yt-quota-'));
  const storage = new LocalStorage(dataDir);

  beforeAll(async () => {
    room = await createNewsroom(t.db);
    yt = await startYoutubeSimulator();
    const config = loadConfig({ LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '2' });
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log: createLogger('warn'), config, clock: systemClock, secrets, storage });
  });
  afterAll(async () => {
    await worker?.stop();
    await yt?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function videoItem(channelId: string, title: string) {
    const video = await storeMedia(t.db, storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes: videoBytes(64 * 1024) });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300), mediaIds: [video], title });
    return deliveryIds[0]!;
  }

  it('counts its upload in Postgres; once another worker spent the rest, a publish goes back to scheduled until Pacific midnight without spending an attempt', async () => {
    const limits = { quotaUploadsPerDay: 2, quotaUnitsPerDay: 10_000 };
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'youtube_channel',
      name: 'YouTube Con đường hướng thiện',
      settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, thumbnail: 'none', ...limits },
      credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken },
    });
    const { uploads } = projectBuckets(yt.oauth.clientId, limits);

    await waitForState(t.db, await videoItem(channelId, 'Phóng sự: hành trình hoàn lương'), 'published');
    const counted = await t.db.select().from(quotaUsage).where(sql`${quotaUsage.bucketId} = ${uploads.id}`);
    expect(counted.map((r) => r.used)).toEqual([1]);

    // Another worker process takes the day's last upload of the same Google Cloud project.
    expect(await createYoutubeQuotaLedger(other.db).reserve(uploads, 1, new Date())).toBeNull();

    const deliveryId = await videoItem(channelId, 'Phóng sự: người lầm lỗi trở về');
    // Scheduled before its claim too: wait for the row the deferral wrote.
    const d = await waitFor(async () => {
      const row = await deliveryRow(t.db, deliveryId);
      return row.state === 'scheduled' && row.lastErrorCode ? row : null;
    }, 'the deferred delivery');
    const [attempt] = await attemptsOf(t.db, deliveryId);
    const expected = quotaDeferral(uploads, attempt!.startedAt);
    expect(d.notBefore).toEqual(expected.notBefore);
    expect(d.holdReason).toBe(expected.reason.vi);
    expect(d.lastErrorCode).toBe('YT_QUOTA_DEFERRED');
    expect(d.attemptCount).toBe(0);
    expect((await attemptsOf(t.db, deliveryId)).map((a) => [a.outcome, a.errorCode])).toEqual([['deferred', 'YT_QUOTA_DEFERRED']]);
    const [job] = await t.db.execute<{ run_at: Date }>(sql`select run_at from graphile_worker.jobs where key = ${`publish:${deliveryId}`}`);
    expect(new Date(job!.run_at)).toEqual(expected.notBefore);
    // YouTube saw one upload session: the deferred delivery never reached it.
    expect(yt.state.requests.filter((r) => r.method === 'POST' && r.route === '/upload/youtube/v3/videos')).toHaveLength(1);
    expect(yt.state.videos).toHaveLength(1);
  });
});
