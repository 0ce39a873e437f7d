import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import { createWebhookConnector } from '../../connectors/webhook/index.ts';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { createWordpressConnector } from '../../connectors/wordpress/connector.ts';
import { wordpressMarker } from '../../connectors/wordpress/content.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { channels, deliveries, deliveryCorrections, media, notifications, siteArticles } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { ensureRealWordpress, type RealWordpress } from '../../scripts/wordpress/real-wordpress.ts';
import { createCorrectionItems } from '../../test/correction-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { attemptsOf, createNewsroom, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from '../runner.ts';

/**
 * Issue 11 finding 4 through a real worker and PostgreSQL: approving a newer revision of an
 * item already published edits the published object in place (WordPress and webhook
 * simulators, Loa's own site) — no second post, no second upload of an unchanged image —
 * and a failing edit is retried or ends visibly failed, never as a second post.
 */
describe('corrections of published items (#11 finding 4)', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let items: ReturnType<typeof createCorrectionItems>;
  let wp: WordpressSimulator;
  let portal: WebhookSimulator;
  let real: RealWordpress;
  const secrets = createSecretBox(generateSecretKey());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-corrections-'));
  const storage = new LocalStorage(dataDir);
  const wordpress = createWordpressConnector({ requestTimeoutMs: 1500 });
  const webhook = createWebhookConnector();

  beforeAll(async () => {
    real = await ensureRealWordpress();
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    items = createCorrectionItems(t.db, room);
    wp = await startWordpressSimulator({ username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD' });
    portal = await startWebhookSimulator();
    const site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: 'http://localhost:3000', clock: systemClock }) });
    const config = loadConfig({
      LOA_DATA_DIR: dataDir,
      LOA_WORKER_CONCURRENCY: '4',
      LOA_RETRY_BASE_MS: '200',
      LOA_RETRY_CAP_MS: '400',
      LOA_DELIVERY_MAX_ATTEMPTS: '3',
      LOA_DELIVERY_LEASE_MS: '5000',
      LOA_DELIVERY_HEARTBEAT_MS: '1000',
    });
    worker = await startWorker({
      db: t.db,
      databaseUrl: t.url,
      log: createLogger('warn'),
      config,
      clock: systemClock,
      secrets,
      storage,
      connectors: { for: (p) => (p === 'wordpress' ? wordpress : p === 'webhook' ? webhook : p === 'site' ? site : null) },
    });
  }, 600_000);
  afterAll(async () => {
    await worker?.stop();
    await wp?.close();
    await portal?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function wordpressChannel(site: { baseUrl: string; username: string; applicationPassword: string } = { baseUrl: wp.baseUrl, username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD' }): Promise<string> {
    const [c] = await t.db
      .insert(channels)
      .values({
        unitId: room.unitId,
        platform: 'wordpress',
        name: 'Cổng thông tin Công an tỉnh',
        settings: { baseUrl: site.baseUrl },
        credentialsSealed: secrets.seal(JSON.stringify({ username: site.username, applicationPassword: site.applicationPassword })),
        allowPrivateNetwork: true,
      })
      .returning({ id: channels.id });
    return c!.id;
  }

  async function photo(name: string, bytes: Buffer): Promise<string> {
    const key = `test/${name}-${Math.random()}`;
    await storage.put(key, Readable.from([bytes]));
    const [row] = await t.db
      .insert(media)
      .values({
        unitId: room.unitId,
        uploadedBy: room.authorId,
        kind: 'image',
        mimeType: 'image/jpeg',
        originalName: `${name}.jpg`,
        storageKey: key,
        sizeBytes: bytes.length,
        receivedBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      })
      .returning({ id: media.id });
    return row!.id;
  }

  const correctionOf = async (deliveryId: string) =>
    waitFor(async () => {
      const [c] = await t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, deliveryId));
      return c && ['done', 'failed'].includes(c.state) ? c : null;
    }, `correction of ${deliveryId}`);

  it('WordPress: the newer revision edits the same post; no second post, the unchanged image is not uploaded again', async () => {
    const channelId = await wordpressChannel();
    const imageId = await photo('trang-trai', Buffer.from('jpeg bytes of the farm photo'));
    const first = await items.first({ title: 'Hành trình hoàn lương', body: 'Bản đầu.', mediaIds: [imageId] }, [channelId]);
    const published = await waitForState(t.db, first.deliveryIds[0]!, 'published');
    expect(wp.state.posts).toHaveLength(1);
    const uploads = wp.state.media.length;

    const second = await items.next(first.itemId, 2, { title: 'Hành trình hoàn lương (đính chính)', body: 'Bản đã sửa.', mediaIds: [imageId] }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    const c = await correctionOf(published.id);
    expect(c.state).toBe('done');

    const posts = wp.state.posts.filter((p) => p.status !== 'trash');
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.id)).toBe(published.externalId);
    expect(posts[0]!.title).toBe('Hành trình hoàn lương (đính chính)');
    expect(posts[0]!.content).toContain('Bản đã sửa.');
    expect(wp.state.media).toHaveLength(uploads);
    const after = await deliveryRow(t.db, published.id);
    expect(after).toMatchObject({ state: 'published', externalId: published.externalId, revisionId: second.revision.id });
    expect((await attemptsOf(t.db, published.id)).map((a) => a.outcome)).toEqual(['published', 'corrected']);
  });

  it('real WordPress: the newer revision edits the same post (same id, one post with the marker, the featured image kept, not uploaded again)', async () => {
    const channelId = await wordpressChannel({ baseUrl: real.baseUrl, username: real.editor.login, applicationPassword: real.editor.applicationPassword });
    // The real site keeps every run's uploads: a name of this run's own.
    const name = `le-ra-quan-${Date.now().toString(36)}`;
    const imageId = await photo(name, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#15803d' } }).jpeg().toBuffer());
    const first = await items.first({ title: 'Lễ ra quân', body: 'Bản đầu.', mediaIds: [imageId] }, [channelId]);
    const published = await waitForState(t.db, first.deliveryIds[0]!, 'published');
    const auth = `Basic ${Buffer.from(`${real.editor.login}:${real.editor.applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;
    const read = async (route: string, query: Record<string, string>) =>
      (await (await fetch(`${real.baseUrl}/wp-json${route}?${new URLSearchParams(query)}`, { headers: { authorization: auth } })).json()) as { id: number; title: { raw: string }; featured_media: number }[];
    const live = { search: wordpressMarker(published.id), status: 'publish,future,draft,pending,private', context: 'edit' };
    const [before] = await read('/wp/v2/posts', live);

    const second = await items.next(first.itemId, 2, { title: 'Lễ ra quân (đính chính)', body: 'Bản đã sửa.', mediaIds: [imageId] }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    expect((await correctionOf(published.id)).state).toBe('done');
    const after = await read('/wp/v2/posts', live);
    expect(after.map((p) => ({ id: String(p.id), title: p.title.raw, image: p.featured_media }))).toEqual([{ id: published.externalId, title: 'Lễ ra quân (đính chính)', image: before!.featured_media }]);
    const uploads = await read('/wp/v2/media', { search: name, context: 'edit' });
    expect(uploads).toHaveLength(1);
  });

  it('WordPress: a 503 during the edit is retried; a refused edit ends failed on the board with a Vietnamese reason; never a second post', async () => {
    const channelId = await wordpressChannel();
    const first = await items.first({ title: 'Tin tuyển quân', body: 'Bản đầu.' }, [channelId]);
    const published = await waitForState(t.db, first.deliveryIds[0]!, 'published');
    const before = wp.state.posts.length;

    wp.failNext({ method: 'POST', route: `/wp/v2/posts/${published.externalId}`, status: 503 });
    await items.next(first.itemId, 2, { title: 'Tin tuyển quân (sửa lần 1)', body: 'Bản hai.' }, [channelId]);
    const retried = await correctionOf(published.id);
    expect(retried).toMatchObject({ state: 'done', attemptCount: 2 });
    expect(wp.state.posts.find((p) => String(p.id) === published.externalId)!.title).toBe('Tin tuyển quân (sửa lần 1)');

    // The site's editor deleted the post meanwhile: WordPress refuses the edit (404 rest_post_invalid_id).
    wp.state.posts.splice(wp.state.posts.findIndex((p) => String(p.id) === published.externalId), 1);
    await items.next(first.itemId, 3, { title: 'Tin tuyển quân (sửa lần 2)', body: 'Bản ba.' }, [channelId]);
    const failed = await waitFor(async () => {
      const rows = await t.db.select().from(deliveryCorrections).where(and(eq(deliveryCorrections.deliveryId, published.id), eq(deliveryCorrections.state, 'failed')));
      return rows[0];
    }, 'the failed correction');
    expect(failed.lastErrorMessage).toMatch(/Chưa sửa được bài đã đăng/);
    const d = await deliveryRow(t.db, published.id);
    expect(d.state).toBe('published');
    expect(d.lastErrorMessage).toMatch(/Chưa sửa được bài đã đăng/);
    const told = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'correction_failed')));
    expect(told.length).toBeGreaterThan(0);
    expect(wp.state.posts.length).toBe(before - 1);
  });

  it('webhook: the portal receives a signed post.updated for the post it holds, and holds still one post', async () => {
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: portal.url, secret: portal.secret });
    const first = await items.first({ title: 'Lịch tiếp công dân', body: 'Bản đầu.' }, [channelId]);
    const published = await waitForState(t.db, first.deliveryIds[0]!, 'published');
    await items.next(first.itemId, 2, { title: 'Lịch tiếp công dân (đổi giờ)', body: 'Bản sửa.' }, [channelId]);
    expect((await correctionOf(published.id)).state).toBe('done');
    const mine = portal.posts.filter((p) => p.marker === `loa:${published.id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe('Lịch tiếp công dân (đổi giờ)');
    expect(portal.requests.filter((r) => r.marker === `loa:${published.id}`).map((r) => r.type)).toEqual(['post.published', 'post.updated']);
    expect(portal.rejectedSignatures).toBe(0);
  });

  it("site: the article is edited at the same address; no second article", async () => {
    const [site] = await t.db.insert(channels).values({ unitId: room.unitId, platform: 'site', name: 'Trang chiến dịch', settings: {} }).returning({ id: channels.id });
    const first = await items.first({ title: 'Ngày hội toàn dân', body: 'Bản đầu.' }, [site!.id]);
    const published = await waitForState(t.db, first.deliveryIds[0]!, 'published');
    await items.next(first.itemId, 2, { title: 'Ngày hội toàn dân (sửa)', body: 'Bản sửa.' }, [site!.id]);
    expect((await correctionOf(published.id)).state).toBe('done');
    const articles = await t.db.select().from(siteArticles).where(eq(siteArticles.itemId, first.itemId));
    expect(articles).toHaveLength(1);
    expect(articles[0]!).toMatchObject({ id: published.externalId, title: 'Ngày hội toàn dân (sửa)', deliveryId: published.id });
    expect(await t.db.select().from(deliveries).where(eq(deliveries.itemId, first.itemId))).toHaveLength(1);
  });
});
