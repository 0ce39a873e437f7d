import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { channels, deliveries } from '../../db/schema/index.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { addMedia, createSiteFixture, newSiteDelivery, siteContext, type SiteFixture } from '../../test/site-fixtures.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36', accept: 'text/html' };
const VIDEO_ID = 'a1B2c3D4e5F';

describe('video section', () => {
  let t: TestApp;
  let fx: SiteFixture;
  let slug: string;
  let youtubeDelivery: string;
  const now = new Date('2026-05-10T01:00:00Z');
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: BROWSER });

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
    fx = await createSiteFixture(t.db, 'Công an tỉnh Sơn La');
    const png = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#9b1c1c' } }).png().toBuffer();
    const poster = await addMedia(fx, t.deps.storage, { kind: 'image', mimeType: 'image/png', name: 'poster.png', bytes: png, altText: 'Anh A bên trang trại' });
    // The item went to the site (an article) and to YouTube (a published video).
    const post = await newSiteDelivery(fx, { title: 'Phóng sự: từ trại giam trở về làm kinh tế', body: 'Xem phóng sự.', theme: 'testimony', media: [poster] }, now);
    const site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: 'https://huongthien.test', clock: { now: () => now } }) });
    await site.publish(post, siteContext(fx, () => now));
    slug = post.slug;
    const [yt] = await t.db.insert(channels).values({ unitId: fx.unit.id, platform: 'youtube_channel', name: 'YouTube Con đường hướng thiện' }).returning({ id: channels.id });
    const [d] = await t.db
      .insert(deliveries)
      .values({ itemId: post.itemId, revisionId: post.revisionId, channelId: yt!.id, state: 'published', dueAt: now, publishedAt: now, externalId: VIDEO_ID, externalUrl: `https://www.youtube.com/watch?v=${VIDEO_ID}` })
      .returning({ id: deliveries.id });
    youtubeDelivery = d!.id;
  });
  afterAll(() => t.close());

  it('lists the videos and shows them inside their article as posters from Loa, with nothing from YouTube until the click', async () => {
    for (const url of ['/video', `/bai-viet/${slug}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(`<a class="video" href="/video/${youtubeDelivery}"><img src="/video/${youtubeDelivery}/anh" alt="" width="480" height="270" loading="lazy"><span>▶ Xem video: Phóng sự: từ trại giam trở về làm kinh tế</span></a>`);
      expect(res.body, url).not.toMatch(/\/\/[^"' ]*(youtube|ytimg|googlevideo)/i);
      expect(res.body, url).not.toMatch(/<script|<iframe/i);
      expect(res.headers['content-security-policy'], url).not.toContain('frame-src');
    }
    const poster = await get(`/video/${youtubeDelivery}/anh`);
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(poster.rawPayload).metadata()).width).toBe(480);
  });

  it('frames the privacy-enhanced YouTube player only on the player page, which alone allows that frame', async () => {
    const res = await get(`/video/${youtubeDelivery}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<iframe src="https://www.youtube-nocookie.com/embed/${VIDEO_ID}?autoplay=1&amp;rel=0" title="Video: Phóng sự: từ trại giam trở về làm kinh tế"`);
    expect(res.body).not.toMatch(/<script/i);
    // A video shared alone (on YouTube only, no article) still gives the reader its text.
    expect(res.body).toContain('</iframe></div>\n\n<p>Xem phóng sự.</p>');
    // Its item's article (photos, documents) is one tap away; a video with none links no article.
    expect(res.body).toContain(`<p><a href="/bai-viet/${slug}">Đọc bài viết</a> · `);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toMatch(/; frame-src https:\/\/www\.youtube-nocookie\.com$/);
    // Shared on Facebook or Zalo, the player page shows the video's title and poster.
    const publicUrl = t.deps.config.publicUrl;
    expect(res.body).toContain('<meta property="og:type" content="video.other">');
    expect(res.body).toContain('<meta property="og:title" content="Phóng sự: từ trại giam trở về làm kinh tế">');
    expect(res.body).toContain(`<meta property="og:url" content="${publicUrl}/video/${youtubeDelivery}">`);
    expect(res.body).toContain(`<meta property="og:image" content="${publicUrl}/video/${youtubeDelivery}/anh">`);
  });

  it('lets search engines index the video list and each player page, and lists them in the sitemap', async () => {
    const publicUrl = t.deps.config.publicUrl;
    for (const path of ['/video', `/video/${youtubeDelivery}`]) {
      const res = await get(path);
      expect(res.body, path).not.toContain('noindex');
      expect(res.body, path).toContain(`<link rel="canonical" href="${publicUrl}${path}">`);
    }
    const sitemap = (await get('/sitemap.xml')).body;
    expect(sitemap).toContain(`<loc>${publicUrl}/video</loc>`);
    expect(sitemap).toContain(`<loc>${publicUrl}/hoi-dap</loc>`);
    expect(sitemap).toContain(`<loc>${publicUrl}/video/${youtubeDelivery}</loc><lastmod>${now.toISOString()}</lastmod>`);
  });

  it('drops a video taken down on YouTube and answers 404 for unknown ones', async () => {
    await t.db.update(deliveries).set({ state: 'taken_down' }).where(eq(deliveries.id, youtubeDelivery));
    // The pages kept in memory are dropped when the database's notice of the change arrives (page-cache.ts):
    // on a busy machine a request can come first and still get the kept page.
    await expect.poll(async () => (await get('/video')).body).toContain('Chưa có video.');
    await expect.poll(async () => (await get(`/video/${youtubeDelivery}`)).statusCode).toBe(404);
    await expect.poll(async () => (await get(`/video/${youtubeDelivery}/anh`)).statusCode).toBe(404);
    await expect.poll(async () => (await get(`/bai-viet/${slug}`)).body).not.toContain('class="video"');
    expect((await get('/video/khong-phai-uuid')).statusCode).toBe(400);
  });

  it('names a video once on its poster and its player when its title already says "Video"', async () => {
    const post = await newSiteDelivery(fx, { title: 'Video: 5 bước làm hồ sơ vay vốn', body: 'Hướng dẫn từng bước.', theme: 'guidance' }, now);
    const [yt] = await t.db.select({ id: channels.id }).from(channels).where(eq(channels.platform, 'youtube_channel'));
    const [d] = await t.db
      .insert(deliveries)
      .values({ itemId: post.itemId, revisionId: post.revisionId, channelId: yt!.id, state: 'published', dueAt: now, publishedAt: now, externalId: 'z9Y8x7W6v5U' })
      .returning({ id: deliveries.id });
    const list = (await get('/video')).body;
    expect(list).toContain('<span>▶ Xem video: 5 bước làm hồ sơ vay vốn</span>');
    expect(list).not.toContain('Xem video: Video');
    const player = (await get(`/video/${d!.id}`)).body;
    expect(player).toContain('title="Video: 5 bước làm hồ sơ vay vốn"');
    expect(player).not.toContain('Đọc bài viết');
  });
});
