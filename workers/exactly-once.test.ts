import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../connectors/facebook/simulator.ts';
import { auditLog, notifications } from '../db/schema/index.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { TestDatabase } from '../test/db.ts';
import { waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel } from '../test/metrics-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../test/worker-harness.ts';

/**
 * Exactly once through the real worker: a platform accepts the creating call and the answer
 * is lost; reconcile must find the object by its marker, counted on the simulator's side.
 */
describe('exactly once after a lost answer: real worker, platform simulators over HTTP', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let fb: GraphSimulator;

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '4' });
    ({ t, room, secrets } = h);
  });
  beforeEach(async () => {
    fb = await startGraphSimulator();
  });
  afterEach(() => fb.close());
  afterAll(() => h?.close());

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
