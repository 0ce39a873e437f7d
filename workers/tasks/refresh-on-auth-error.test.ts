import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import { startZaloSimulator } from '../../connectors/zalo/simulator.ts';
import { openCredentials } from '../../core/channels/credentials.ts';
import { channels } from '../../db/schema/index.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { LocalStorage } from '../../lib/storage.ts';
import type { TestDatabase } from '../../test/db.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';
import { attemptsOf, waitForState } from '../../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel, storeMedia, videoBytes } from '../../test/metrics-fixtures.ts';
import { createZaloChannel } from '../zalo-test-fixtures.ts';

/**
 * An expired or voided access token (YouTube 401, Zalo -124) is what the refresh token is for:
 * the publish refreshes once and goes on; needs_reconnect only when the refresh itself fails.
 */
describe('an expired access token is refreshed before the channel needs reconnecting (real worker, simulators)', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let storage: LocalStorage;

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '2', LOA_RETRY_BASE_MS: '200', LOA_RETRY_CAP_MS: '400' });
    ({ t, room, secrets, storage } = h);
  });
  afterAll(() => h?.close());

  const credentialsOf = async (channelId: string) => {
    const [row] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    return { status: row!.status, credentials: openCredentials(secrets, row!.credentialsSealed)! };
  };

  async function youtubeChannel() {
    const yt = await startYoutubeSimulator();
    h.stopLater(() => yt.close());
    const channelId = await createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'youtube_channel',
      name: 'Kênh YouTube Công an Sơn La',
      settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, thumbnail: 'none' },
      // An access token Google voided before its time (the owner changed the password): every call answers 401.
      credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken, accessToken: 'ya29.voided', accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString() },
    });
    const video = await storeMedia(t.db, storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes: videoBytes(200 * 1024) });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], mediaIds: [video], publishAt: new Date() });
    return { yt, channelId, deliveryId: deliveryIds[0]! };
  }

  it('YouTube 401 on a voided access token: one refresh, the upload goes on with the new token, the channel stays connected', async () => {
    const { yt, channelId, deliveryId } = await youtubeChannel();
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(yt.state.videos.map((v) => v.id)).toEqual([d.externalId]);
    const { status, credentials } = await credentialsOf(channelId);
    expect(status).toBe('connected');
    expect(credentials.accessToken).not.toBe('ya29.voided');
  }, 60_000);

  it('YouTube 401 and the refresh refused (access revoked): needs_reconnect', async () => {
    const { yt, channelId, deliveryId } = await youtubeChannel();
    yt.revokeRefreshToken();
    const d = await waitForState(t.db, deliveryId, 'needs_reconnect', 30_000);
    expect(d.lastErrorKind).toBe('auth');
    expect(yt.state.videos).toHaveLength(0);
    expect((await credentialsOf(channelId)).status).toBe('needs_reconnect');
  }, 60_000);

  it('Zalo -124 (access token expired) on the article create: one refresh, the article is created with the new token', async () => {
    const zalo = await startZaloSimulator();
    h.stopLater(() => zalo.close());
    const { channelId } = await createZaloChannel(t.db, secrets, zalo, { unitId: room.unitId, settings: { broadcast: false } });
    zalo.failNext({ path: '/v2.0/article/create', error: -124, message: 'Access token has expired' });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const d = await waitForState(t.db, deliveryIds[0]!, 'published', 30_000);
    expect(zalo.refreshCalls()).toBe(1);
    const { status, credentials } = await credentialsOf(channelId);
    expect(status).toBe('connected');
    expect(zalo.state.articles.map((a) => [a.id, a.accessToken])).toEqual([[d.externalId, credentials.accessToken]]);
    expect((await attemptsOf(t.db, d.id)).map((a) => a.outcome)).toEqual(['published']);
  }, 60_000);

  it('Zalo -124 while reconciling a lost create: one refresh, the article is found and the delivery published, no person asked', async () => {
    const zalo = await startZaloSimulator();
    h.stopLater(() => zalo.close());
    const { channelId } = await createZaloChannel(t.db, secrets, zalo, { unitId: room.unitId, settings: { broadcast: false, reconcileSettleSeconds: 1 } });
    zalo.failNext({ path: '/v2.0/article/create', action: 'http-500' });
    zalo.failNext({ path: '/v2.0/article/getslice', error: -124, message: 'Access token has expired' });
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const d = await waitForState(t.db, deliveryIds[0]!, 'published', 30_000);
    expect(zalo.refreshCalls()).toBe(1);
    expect(zalo.state.articles.map((a) => a.id)).toEqual([d.externalId]);
    expect((await credentialsOf(channelId)).status).toBe('connected');
  }, 60_000);
});
