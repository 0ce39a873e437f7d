import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../connectors/facebook/simulator.ts';
import { auditLog, notifications } from '../db/schema/index.ts';
import { systemClock } from '../lib/clock.ts';
import { loadConfig } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { LocalStorage } from '../lib/storage.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { createNewsroom, waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel } from '../test/metrics-fixtures.ts';
import { startWorker, type LoaWorker } from './runner.ts';

/**
 * Exactly once through the real worker: a platform accepts the creating call and the answer
 * is lost; reconcile must find the object by its marker, counted on the simulator's side.
 */
describe('exactly once after a lost answer: real worker, platform simulators over HTTP', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let fb: GraphSimulator;
  const secrets = createSecretBox(generateSecretKey());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-once-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    const config = loadConfig({ LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '4' });
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log: createLogger('silent'), config, clock: systemClock, secrets, storage: new LocalStorage(dataDir) });
  });
  beforeEach(async () => {
    fb = await startGraphSimulator();
  });
  afterEach(() => fb.close());
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const pageChannel = () =>
    createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'facebook_page',
      name: 'Fanpage Con đường hướng thiện',
      settings: { pageId: fb.state.pageId, appId: fb.state.appId, graphBaseUrl: fb.baseUrl, reconcileSettleSeconds: 1 },
      credentials: { pageAccessToken: fb.tokens.page },
    });

  const transitions = async (deliveryId: string) =>
    (await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id)).map(
      (a) => `${a.data.from}→${a.data.to}`,
    );

  it('Facebook text + link post: POST /feed takes effect, then answers 500 → exactly one post, found by the marker in `link`', async () => {
    const channelId = await pageChannel();
    fb.failNext({ method: 'POST', route: `/${fb.state.pageId}/feed`, action: 'accept-then-500' });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300) });
    const d = await waitForState(t.db, deliveryIds[0]!, 'published', 30_000);
    expect(fb.state.posts).toHaveLength(1);
    expect(fb.state.posts[0]!.link).toContain(`loa:${d.id}`);
    expect(d.externalId).toBe(fb.state.posts[0]!.id);
    expect(await transitions(d.id)).toEqual(['scheduled→publishing', 'publishing→unconfirmed', 'unconfirmed→published']);
  }, 60_000);

  it('last net: a second Facebook post carrying the delivery\'s marker is taken down after publishing, audited and notified; the delivery\'s own post stays', async () => {
    const channelId = await pageChannel();
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 2000) });
    const deliveryId = deliveryIds[0]!;
    // A copy left by a request that took effect after Loa had concluded "absent" (the marker rides in the link).
    const stray = { id: `${fb.state.pageId}_99001`, kind: 'link' as const, message: 'Bản trùng', link: `https://conduonghuongthien.vn/bai-viet/x?ref=loa:${deliveryId}`, createdTime: new Date(), published: true, scheduledPublishTime: null, photoIds: [], reactions: 0, comments: 0, shares: 0 };
    fb.state.posts.push(stray);
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(d.externalId).not.toBe(stray.id);
    const audit = () => t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.duplicate_taken_down')));
    await waitFor(async () => (await audit()).length > 0, 'the stray copy to be taken down', 30_000);
    expect(fb.state.deleted).toEqual([stray.id]);
    const audited = await audit();
    expect(audited.map((a) => a.data)).toEqual([expect.objectContaining({ kept: d.externalId, duplicate: stray.id })]);
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'duplicate'));
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]!.title).toContain('Đã gỡ một bản đăng trùng');
  }, 60_000);
});
