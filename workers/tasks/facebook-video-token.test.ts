import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../connectors/facebook/simulator.ts';
import { channels } from '../../db/schema/index.ts';
import type { TestDatabase } from '../../test/db.ts';
import { attemptsOf, waitForState } from '../../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel, storeMedia, videoBytes } from '../../test/metrics-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';

const EXPIRED_REASON = 'Quyền đăng video trên Fanpage đã hết hạn: quản trị viên cần kết nối lại Fanpage để đăng bài có video này (bài chữ và ảnh vẫn đăng bình thường)';

/**
 * A Page's user token (video upload sessions only) that has run out stops its video posts, not
 * the Page: the video delivery fails with what to do, the channel stays connected, and text
 * posts go on with the Page token (platform-apis.md §1.2, §1.5).
 */
describe('a Facebook Page whose user token expired: real worker, Graph simulator over HTTP', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '2' });
    ({ t, room } = h);
  });
  afterAll(() => h?.close());

  async function page(o: { storedExpiry: Date | null }) {
    const sim: GraphSimulator = await startGraphSimulator();
    h.stopLater(() => sim.close());
    const channelId = await createPlatformChannel(t.db, h.secrets, {
      unitId: room.unitId,
      platform: 'facebook_page',
      name: 'Fanpage Con đường hướng thiện',
      settings: { pageId: sim.state.pageId, appId: sim.state.appId, graphBaseUrl: sim.baseUrl },
      credentials: { pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user },
    });
    await t.db.update(channels).set({ credentialsExpiresAt: o.storedExpiry }).where(eq(channels.id, channelId));
    const video = await storeMedia(t.db, h.storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes: videoBytes(200 * 1024) });
    return { sim, channelId, video };
  }

  const channelStatus = async (id: string) => (await t.db.select({ status: channels.status }).from(channels).where(eq(channels.id, id)))[0]!.status;

  async function textPostGoesOut(sim: GraphSimulator, channelId: string) {
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(), title: 'Bài chữ sau video' });
    const d = await waitForState(t.db, deliveryIds[0]!, 'published', 30_000);
    expect(sim.state.posts.map((p) => p.id)).toEqual([d.externalId]);
  }

  it('Graph answers 190/463 to the upload session: the video delivery fails with the reason, the channel stays connected, a text post still publishes', async () => {
    // Approved before the 14-day window could refuse it; the stored expiry says nothing yet.
    const { sim, channelId, video } = await page({ storedExpiry: null });
    sim.state.tokens.get(sim.tokens.user)!.expiresAt = new Date(Date.now() - 1000);
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], mediaIds: [video], publishAt: new Date() });

    const failed = await waitForState(t.db, deliveryIds[0]!, 'failed', 30_000);
    expect(failed.lastErrorMessage).toBe(EXPIRED_REASON);
    expect(await attemptsOf(t.db, failed.id)).toMatchObject([{ outcome: 'error', errorKind: 'permanent', errorCode: 'FB_VIDEO_TOKEN_EXPIRED', platformCode: '190/463' }]);
    expect(await channelStatus(channelId)).toBe('connected');
    expect(sim.state.videos).toHaveLength(0);

    await textPostGoesOut(sim, channelId);
  }, 60_000);

  it('the stored expiry is past: the video delivery fails without a call to Facebook, and a text post still publishes', async () => {
    const { sim, channelId, video } = await page({ storedExpiry: new Date(Date.now() - 60_000) });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], mediaIds: [video], publishAt: new Date() });

    const failed = await waitForState(t.db, deliveryIds[0]!, 'failed', 30_000);
    expect(failed.lastErrorMessage).toBe(EXPIRED_REASON);
    expect(sim.state.requests).toHaveLength(0);
    expect(await channelStatus(channelId)).toBe('connected');

    await textPostGoesOut(sim, channelId);
  }, 60_000);
});
