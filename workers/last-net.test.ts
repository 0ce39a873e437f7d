import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordpressSlug } from '../connectors/wordpress/content.ts';
import { startWordpressSimulator } from '../connectors/wordpress/simulator.ts';
import { startYoutubeSimulator } from '../connectors/youtube/simulator.ts';
import { simCredentials } from '../connectors/zalo/test-kit.ts';
import { startZaloSimulator } from '../connectors/zalo/simulator.ts';
import { auditLog, notifications } from '../db/schema/index.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { LocalStorage } from '../lib/storage.ts';
import type { TestDatabase } from '../test/db.ts';
import { startWorkerHarness, type WorkerHarness } from '../test/worker-harness.ts';
import { waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel, storeMedia, videoBytes } from '../test/metrics-fixtures.ts';

/**
 * The last net of exactly-once, per connector that can list (Facebook's is in
 * exactly-once.test.ts): some time after publishing, a second object carrying the delivery's
 * marker — what a first request that landed after Loa had concluded "absent" leaves — is taken
 * down through the platform, audited and notified; the delivery's own object stays.
 */
describe('last net: a second copy carrying a published delivery\'s marker is taken down (real worker, simulators over HTTP)', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let storage: LocalStorage;

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '4' });
    ({ t, room, secrets, storage } = h);
  });
  afterAll(() => h?.close());

  /** Waits for the scan's audit row and checks it, the notification, and what was kept. */
  async function expectTakenDown(deliveryId: string, kept: string, duplicate: string) {
    const audit = () => t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.duplicate_taken_down')));
    await waitFor(async () => (await audit()).length > 0, 'the stray copy to be taken down', 30_000);
    expect((await audit()).map((a) => a.data)).toEqual([expect.objectContaining({ kept, duplicate })]);
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'duplicate'));
    expect(told.filter((n) => (n.data as { deliveryId?: string }).deliveryId === deliveryId).map((n) => n.title)).toEqual(
      expect.arrayContaining([expect.stringContaining('Đã gỡ một bản đăng trùng')]),
    );
  }

  it('WordPress: a late copy of the post (slug renamed -2, left as a draft) is moved to the trash; the published post stays', async () => {
    const creds = { username: 'loa-bot', applicationPassword: 'abcd EFGH ijkl MNOP qrst UVWX' };
    const wp = await startWordpressSimulator(creds);
    h.stopLater(() => wp.close());
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'wordpress',
      name: 'Báo Sơn La điện tử',
      settings: { baseUrl: wp.baseUrl, reconcileSettleSeconds: 3 },
      credentials: creds,
    });
    const { deliveryIds, slug } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300) });
    const deliveryId = deliveryIds[0]!;
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    const own = wp.state.posts[0]!;
    // The first request, held by a locked table, lands now: same slug (WordPress renames it) and content.
    const auth = `Basic ${Buffer.from(`${creds.username}:${creds.applicationPassword.replace(/ /g, '')}`).toString('base64')}`;
    const late = await fetch(`${wp.baseUrl}/wp-json/wp/v2/posts`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: own.title, content: own.content, status: 'draft', slug: wordpressSlug({ slug, deliveryId }) }),
    });
    const stray = (await late.json()) as { id: number; slug: string };
    expect(stray.slug).toBe(`${wordpressSlug({ slug, deliveryId })}-2`);

    await expectTakenDown(deliveryId, String(own.id), String(stray.id));
    expect(wp.state.posts.find((p) => p.id === stray.id)?.status).toBe('trash');
    expect(wp.state.posts.find((p) => p.id === own.id)?.status).toBe('publish');
    expect(d.externalId).toBe(String(own.id));
  }, 60_000);

  it('YouTube: a second upload whose description carries the marker is made private; the delivery\'s video stays public', async () => {
    const yt = await startYoutubeSimulator();
    h.stopLater(() => yt.close());
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'youtube_channel',
      name: 'Kênh YouTube Công an Sơn La',
      settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, thumbnail: 'none', reconcileSettleSeconds: 1 },
      credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken },
    });
    const video = await storeMedia(t.db, storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes: videoBytes(300 * 1024) });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], mediaIds: [video], publishAt: new Date(Date.now() + 2000) });
    const deliveryId = deliveryIds[0]!;
    // An upload from an attempt Loa had given up on, finished after all.
    const stray = yt.seedVideo({ title: 'Phóng sự (bản trùng)', description: `Bản trùng\n\nloa:${deliveryId}`, uploadedAt: new Date() });
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(d.externalId).not.toBe(stray.id);

    await expectTakenDown(deliveryId, d.externalId!, stray.id);
    expect(yt.state.videos.find((v) => v.id === stray.id)?.status.privacyStatus).toBe('private');
    expect(yt.state.videos.find((v) => v.id === d.externalId)?.status.privacyStatus).not.toBe('private');
  }, 60_000);

  it('YouTube: two copies, the second takedown answered 503 once: the job is retried and each copy is taken down and reported once', async () => {
    const yt = await startYoutubeSimulator();
    h.stopLater(() => yt.close());
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'youtube_channel',
      name: 'Kênh YouTube Công an Sơn La (2)',
      settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, thumbnail: 'none', reconcileSettleSeconds: 1 },
      credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken },
    });
    const video = await storeMedia(t.db, storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su-2.mp4', bytes: videoBytes(200 * 1024) });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], mediaIds: [video], publishAt: new Date(Date.now() + 2000) });
    const deliveryId = deliveryIds[0]!;
    const strays = [1, 2].map((n) => yt.seedVideo({ title: `Bản trùng ${n}`, description: `loa:${deliveryId}`, uploadedAt: new Date() }));
    // The first takedown (videos.update) goes through, the second is refused for now.
    yt.failNext({ method: 'PUT', route: '/youtube/v3/videos', after: 1, status: 503, reason: 'backendError' });
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);

    const audit = () => t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.duplicate_taken_down')));
    await waitFor(async () => (await audit()).length >= 2, 'both copies to be taken down', 45_000);
    expect((await audit()).map((a) => a.data.duplicate).sort()).toEqual(strays.map((v) => v.id).sort());
    expect(strays.map((v) => yt.state.videos.find((x) => x.id === v.id)?.status.privacyStatus)).toEqual(['private', 'private']);
    expect(yt.state.videos.find((v) => v.id === d.externalId)?.status.privacyStatus).not.toBe('private');
    const told = await t.db.select().from(notifications).where(eq(notifications.kind, 'duplicate'));
    // Each copy told once to each admin, not again when the retried scan lists the first (now private) copy.
    expect(told.filter((n) => n.userId === room.adminId && (n.data as { deliveryId?: string }).deliveryId === deliveryId)).toHaveLength(2);
  }, 90_000);

  it('Zalo OA: a second article carrying the marker is removed; the delivery\'s article stays', async () => {
    const zalo = await startZaloSimulator();
    h.stopLater(() => zalo.close());
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'zalo_oa',
      name: 'Zalo OA Con đường hướng thiện',
      settings: { oauthBaseUrl: zalo.baseUrl, openApiBaseUrl: zalo.baseUrl, broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg', reconcileSettleSeconds: 1 },
      credentials: simCredentials(zalo),
    });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300) });
    const deliveryId = deliveryIds[0]!;
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    const own = zalo.state.articles.find((a) => a.id === d.externalId)!;
    expect(JSON.stringify(own.body)).toContain(`loa:${deliveryId}`);
    // A create Loa had concluded "absent" for, built by Zalo after all.
    const stray = { ...own, id: `${own.id}9`, token: `${own.token}9`, createdAt: zalo.clock.now() };
    zalo.state.articles.push(stray);

    await expectTakenDown(deliveryId, own.id, stray.id);
    expect(zalo.state.articles.find((a) => a.id === stray.id)?.removed).toBe(true);
    expect(own.removed).toBe(false);
  }, 60_000);
});
