import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { wordpressSlug } from '../../connectors/wordpress/content.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { systemClock } from '../../lib/clock.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { createTestApp, createUnit, createUser, TEST_PASSWORD, type TestApp } from '../app.ts';
import { fetchAnswer, pollUntil, signIn, type HttpSession } from './http-session.ts';

/**
 * The whole path a user depends on, over real HTTP: channels, an image and an item made
 * through the API, approved by someone other than the author, published by a real worker
 * at its time to the campaign site (pages and feeds), an agency portal (Standard Webhooks,
 * verified by the reference library inside the portal simulator) and a WordPress site.
 */
const WP_USER = 'loa-bot';
const WP_APP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
/** From creating the item; approval lands well before it, so the wait is real. */
const DUE_IN_MS = 6000;

describe('end to end over HTTP: approve → due later → site + feeds, webhook portal, WordPress', () => {
  let t: TestApp;
  let base: string;
  let worker: LoaWorker;
  let portal: WebhookSimulator;
  let wp: WordpressSimulator;
  let admin: HttpSession;
  let editor: HttpSession;
  let approver: HttpSession;
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    portal = await startWebhookSimulator();
    wp = await startWordpressSimulator({ username: WP_USER, applicationPassword: WP_APP_PASSWORD });
    const { config, log, secrets, storage } = t.deps;
    worker = await startWorker({ db: t.db, databaseUrl: t.database.url, log, config, clock: systemClock, secrets, storage });

    unitId = await createUnit(t.db, 'Công an tỉnh Bình Định', null, 'province');
    await createUser(t.db, 'quantri@ca.binhdinh.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'bientap@ca.binhdinh.vn', [{ role: 'editor', unitId }]);
    await createUser(t.db, 'lanhdao@ca.binhdinh.vn', [{ role: 'approver', unitId }]);
    admin = await signIn(base, 'quantri@ca.binhdinh.vn', TEST_PASSWORD);
    editor = await signIn(base, 'bientap@ca.binhdinh.vn', TEST_PASSWORD);
    approver = await signIn(base, 'lanhdao@ca.binhdinh.vn', TEST_PASSWORD);
  });

  afterAll(async () => {
    await worker?.stop();
    await portal?.close();
    await wp?.close();
    await t?.close();
  });

  async function createChannel(body: Record<string, unknown>): Promise<string> {
    const res = await admin.send('POST', '/api/v1/channels', { unitId, ...body });
    expect(res.status, res.text).toBe(201);
    return res.json().id as string;
  }

  it('publishes one approved item to all three channels at its time, once each, with ids and URLs', async () => {
    const site = await createChannel({ platform: 'site', name: 'Trang Con đường hướng thiện' });
    const webhook = await createChannel({
      platform: 'webhook',
      name: 'Cổng TTĐT Sở Tư pháp',
      settings: { url: portal.url, lookupUrl: portal.lookupUrl },
      credentials: { secret: portal.secret },
      allowPrivateNetwork: true,
    });
    const wordpress = await createChannel({
      platform: 'wordpress',
      name: 'Báo Bình Định',
      settings: { baseUrl: wp.baseUrl },
      credentials: { username: WP_USER, applicationPassword: WP_APP_PASSWORD },
      allowPrivateNetwork: true,
    });

    const image = await sharp({ create: { width: 1200, height: 630, channels: 3, background: { r: 20, g: 90, b: 60 } } }).jpeg({ quality: 80 }).toBuffer();
    const uploaded = await editor.upload(`/api/v1/media?unitId=${unitId}&filename=${encodeURIComponent('vay-von-22.jpg')}&altText=${encodeURIComponent('Cán bộ ngân hàng hướng dẫn hồ sơ vay')}`, image, 'image/jpeg');
    expect(uploaded.status, uploaded.text).toBe(201);
    const mediaId = uploaded.json().id as string;

    const title = 'Vay vốn ưu đãi theo Quyết định 22/2023/QĐ-TTg: ai được vay, hỏi ở đâu';
    const publishAt = new Date(Date.now() + DUE_IN_MS);
    const created = await editor.send('POST', '/api/v1/content', {
      unitId,
      title,
      summary: 'Người chấp hành xong án phạt tù được vay tối đa 100 triệu đồng để sản xuất, kinh doanh.',
      body: 'Theo Quyết định 22/2023/QĐ-TTg, người chấp hành xong án phạt tù được vay vốn tại Ngân hàng Chính sách xã hội.\n\nHồ sơ nộp qua Công an xã nơi cư trú.',
      theme: 'guidance',
      hashtags: ['TaiHoaNhap'],
      mediaIds: [mediaId],
      publishAt: publishAt.toISOString(),
      targets: [site, webhook, wordpress].map((channelId) => ({ channelId })),
    });
    expect(created.status, created.text).toBe(201);
    const itemId = created.json().item.id as string;
    const slug = created.json().item.slug as string;
    expect((await editor.send('POST', `/api/v1/content/${itemId}/submit`)).status).toBe(200);
    expect((await editor.send('POST', `/api/v1/content/${itemId}/approve`, {})).status).toBe(403);
    const approved = await approver.send('POST', `/api/v1/content/${itemId}/approve`, { comment: 'Đồng ý đăng' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json().deliveries).toBe(3);

    const list = async () => (await approver.send('GET', `/api/v1/deliveries?itemId=${itemId}`)).json().items as DeliveryJson[];
    const before = await list();
    const early = await fetchAnswer(`${base}/bai-viet/${slug}`);
    expect(before.map((d) => d.dueAt)).toEqual(Array(3).fill(publishAt.toISOString()));
    // Nothing starts before its time; a machine slow enough to get here after it only skips this look.
    if (Date.now() < publishAt.getTime()) {
      expect(before.map((d) => d.state)).toEqual(Array(3).fill('scheduled'));
      expect(early.status).toBe(404);
    }

    let last: DeliveryJson[] = [];
    const published = await pollUntil(
      async () => {
        last = await list();
        return last.every((d) => d.state === 'published') && last;
      },
      'all three deliveries to be published',
      20_000,
      () => last.map((d) => `${d.channel.platform}=${d.state} ${d.lastError?.message ?? ''}`).join(', '),
    );
    for (const d of published) {
      expect(d.externalId, d.channel.platform).toMatch(/\S/);
      expect(() => new URL(d.externalUrl!)).not.toThrow();
      expect(Date.parse(d.publishedAt!)).toBeGreaterThanOrEqual(publishAt.getTime());
      expect(d.attemptCount).toBe(1);
    }
    const byPlatform = Object.fromEntries(published.map((d) => [d.channel.platform, d]));

    const page = await fetchAnswer(`${base}/bai-viet/${slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(title);
    expect(page.text).toContain(`/media/${mediaId}`);
    expect(byPlatform.site!.externalUrl).toBe(`${t.deps.config.publicUrl}/bai-viet/${slug}`);
    const link = `${t.deps.config.publicUrl}/bai-viet/${slug}`;
    for (const scope of ['', '/chu-de/huong-dan']) {
      expect((await fetchAnswer(`${base}${scope}/feed.xml`)).text).toContain(`<link>${link}</link>`);
      expect((await fetchAnswer(`${base}${scope}/atom.xml`)).text).toContain(`<title type="text">${title}</title>`);
      const feed = (await fetchAnswer(`${base}${scope}/feed.json`)).json();
      expect(feed.items).toContainEqual(expect.objectContaining({ title, url: link }));
    }

    const hookId = byPlatform.webhook!.id;
    expect(portal.rejectedSignatures).toBe(0);
    expect(portal.requests.map((r) => [r.webhookId, r.type])).toEqual([[`msg_${hookId}`, 'post.published']]);
    expect(portal.posts).toHaveLength(1);
    expect(portal.posts[0]).toMatchObject({ marker: `loa:${hookId}`, title, id: byPlatform.webhook!.externalId });
    expect((portal.posts[0]!.data.media as { url: string }[]).map((m) => m.url)).toEqual([`${t.deps.config.publicUrl}/media/${mediaId}`]);

    expect(wp.state.posts).toHaveLength(1);
    expect(wp.state.media).toHaveLength(1);
    const post = wp.state.posts[0]!;
    expect(post).toMatchObject({ title, status: 'publish', featuredMedia: wp.state.media[0]!.id, slug: wordpressSlug({ slug, deliveryId: byPlatform.wordpress!.id }) });
    expect(String(post.id)).toBe(byPlatform.wordpress!.externalId);
    expect(wp.state.media[0]).toMatchObject({ bytes: image.length, sha256: createHash('sha256').update(image).digest('hex'), altText: 'Cán bộ ngân hàng hướng dẫn hồ sơ vay' });
  });
});

interface DeliveryJson {
  id: string;
  state: string;
  dueAt: string;
  channel: { platform: string };
  externalId: string | null;
  externalUrl: string | null;
  publishedAt: string | null;
  attemptCount: number;
  lastError: { message: string | null } | null;
}
