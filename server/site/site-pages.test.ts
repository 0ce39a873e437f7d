import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createSiteConnector, SITE_MAX_BODY_BYTES, SITE_MAX_SUMMARY, SITE_MAX_TITLE } from '../../connectors/site/index.ts';
import type { Connector, MediaRef } from '../../connectors/contract.ts';
import { createSiteStore } from '../../core/site/store.ts';
import type { Storage } from '../../lib/storage.ts';
import { createTestApp, createUnit, type TestApp } from '../../test/app.ts';
import { escapeMarkup } from '../http/html.ts';
import { addMedia, createSiteFixture, newSiteDelivery, type PostSpec, siteContext, type SiteFixture } from '../../test/site-fixtures.ts';

const PUBLIC_URL = 'https://huongthien.test';
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/** The content of `<meta property|name="key" content="…">` (the page's own escaping kept). */
function meta(page: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(page)?.[1];
}

describe('public site pages', () => {
  let t: TestApp;
  let fx: SiteFixture;
  let provinceId: string;
  let site: Connector;
  let storage: Storage;
  const now = new Date('2026-05-10T01:00:00Z');

  async function publish(spec: PostSpec) {
    const post = await newSiteDelivery(fx, spec, now);
    const published = await site.publish(post, siteContext(fx, () => now));
    return { post, articleId: (published as { externalId: string }).externalId };
  }
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME_ANDROID, ...headers } });
  const video = (bytes: Buffer): Promise<MediaRef> => addMedia(fx, storage, { kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_PUBLIC_URL: PUBLIC_URL }, clock: { now: () => now } });
    storage = t.deps.storage;
    provinceId = await createUnit(t.db, 'Công an tỉnh Sơn La');
    fx = await createSiteFixture(t.db, 'Công an xã Chiềng Sinh', provinceId);
    site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: PUBLIC_URL, clock: { now: () => now } }) });
  });
  afterAll(() => t.close());

  it('sends pages and feeds gzipped to a browser that takes it (a phone on a weak line gets a quarter of the bytes), as is to one that does not, each with its own ETag', async () => {
    for (let i = 1; i <= 12; i++) await publish({ title: `Học nghề miễn phí cho người chấp hành xong án, đợt ${i}`, summary: 'Đăng ký tại Trung tâm giáo dục nghề nghiệp của huyện, hỗ trợ tiền ăn và đi lại.', body: 'Nội dung.' });
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    const gz = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    expect((await get('/', { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) })).statusCode).toBe(304);
    expect((await get('/', { 'if-none-match': String(plain.headers.etag) })).statusCode).toBe(304);
    expect((await get('/', { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    const feed = await get('/feed.xml', { 'accept-encoding': 'gzip' });
    expect(feed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(feed.rawPayload).toString('utf8')).toContain('<rss');
    // The pages never cached too: the question form, the thank-you page, an error page.
    for (const url of ['/hoi-dap/gui-cau-hoi', '/hoi-dap/da-gui', '/khong-co-trang-nay']) {
      const page = await get(url, { accept: 'text/html', 'accept-encoding': 'gzip' });
      expect(page.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(page.rawPayload).toString('utf8'), url).toContain('<!doctype html>');
    }
  });

  it('serves an article as a light page with OpenGraph and Twitter card meta, no script and no cookie', async () => {
    const { post } = await publish({
      title: 'Xin cấp lý lịch tư pháp: 3 bước & "mẹo" <mới>',
      summary: 'Người chấp hành xong án phạt tù cần biết.',
      body: 'Bước 1: chuẩn bị hồ sơ.\nMẫu tờ khai tại https://example.vn/mau-to-khai.\n\nBước 2: nộp hồ sơ.',
      theme: 'guidance',
      hashtags: ['#LyLichTuPhap'],
    });
    const res = await get(`/bai-viet/${post.slug}`, { cookie: 'loa_session=not-a-session' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toMatch(/^public/);
    expect(res.headers.etag).toBeDefined();
    expect(Buffer.byteLength(res.body)).toBeLessThanOrEqual(50 * 1024);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('<h1>Xin cấp lý lịch tư pháp: 3 bước &amp; &quot;mẹo&quot; &lt;mới&gt;</h1>');
    expect(res.body).toContain('<p>Bước 1: chuẩn bị hồ sơ.<br>Mẫu tờ khai tại <a href="https://example.vn/mau-to-khai" rel="nofollow noopener">https://example.vn/mau-to-khai</a>.</p>');
    expect(meta(res.body, 'og:title')).toBe('Xin cấp lý lịch tư pháp: 3 bước &amp; &quot;mẹo&quot; &lt;mới&gt;');
    expect(meta(res.body, 'og:description')).toBe('Người chấp hành xong án phạt tù cần biết.');
    expect(meta(res.body, 'og:image')).toMatch(new RegExp(`^${PUBLIC_URL}/og/${post.slug}\\.png\\?v=\\d+$`));
    expect(meta(res.body, 'og:url')).toBe(`${PUBLIC_URL}/bai-viet/${post.slug}`);
    expect(meta(res.body, 'og:type')).toBe('article');
    expect(meta(res.body, 'og:locale')).toBe('vi_VN');
    expect(meta(res.body, 'twitter:card')).toBe('summary_large_image');
    expect(meta(res.body, 'og:image:width')).toBe('1200');
    expect(meta(res.body, 'og:image:height')).toBe('630');
    expect(meta(res.body, 'article:section')).toBe('Hướng dẫn tái hòa nhập');
    expect(meta(res.body, 'article:tag')).toBe('LyLichTuPhap');
    // One card, built like every other page's: each property once; X reads the OpenGraph ones.
    for (const key of ['og:type', 'og:title', 'og:description', 'og:url', 'og:image', 'twitter:card']) {
      expect(res.body.split(`"${key}"`).length - 1, key).toBe(1);
    }
    expect(res.body).toContain(`<link rel="canonical" href="${PUBLIC_URL}/bai-viet/${post.slug}">`);
    // A reader shares it without any script: each platform's own share page, given the address.
    const address = encodeURIComponent(`${PUBLIC_URL}/bai-viet/${post.slug}`);
    expect(res.body).toContain(
      `<p class="share">Chia sẻ: <a href="https://www.facebook.com/sharer/sharer.php?u=${address}" rel="noopener">Facebook</a> <a href="https://sp.zalo.me/share_inline?url=${address}" rel="noopener">Zalo</a></p>`,
    );
    expect(res.body).toContain(`type="application/rss+xml" title="Con đường hướng thiện (RSS)" href="${PUBLIC_URL}/feed.xml"`);
    expect(res.body).toContain(`type="application/feed+json" title="Con đường hướng thiện – Hướng dẫn tái hòa nhập (JSON Feed)" href="${PUBLIC_URL}/chu-de/huong-dan/feed.json"`);
    const head = await t.app.inject({ method: 'HEAD', url: `/bai-viet/${post.slug}`, headers: { 'user-agent': CHROME_ANDROID } });
    expect(head.statusCode).toBe(200);
  });

  it('keeps an article page at the body size limit under 50 KB', async () => {
    const sentence = 'Người chấp hành xong án phạt tù được hỗ trợ học nghề & vay vốn ưu đãi. ';
    let body = '';
    while (Buffer.byteLength(escapeMarkup(body + sentence)) + 5 < SITE_MAX_BODY_BYTES) body += body.length % 900 < 80 ? `\n\n${sentence}` : sentence;
    // Title and summary at their limits, full of characters that grow when escaped.
    const spec = {
      title: 'Học nghề & "vay vốn" <ưu đãi> '.repeat(7).slice(0, SITE_MAX_TITLE),
      summary: 'Hỗ trợ & "tư vấn" <miễn phí> cho người mới ra tù. '.repeat(12).slice(0, SITE_MAX_SUMMARY),
      body,
      hashtags: ['#HocNghe', '#VayVon'],
    };
    for (let i = 0; i < 5; i++) await publish({ ...spec, body: 'Bài cùng chủ đề.' });
    expect(site.validate(await newSiteDelivery(fx, spec, now))).toEqual([]);
    const { post } = await publish(spec);
    const res = await get(`/bai-viet/${post.slug}`);
    expect(res.statusCode).toBe(200);
    expect(Buffer.byteLength(res.body)).toBeGreaterThan(SITE_MAX_BODY_BYTES);
    expect(Buffer.byteLength(res.body)).toBeLessThanOrEqual(50 * 1024);
  });

  it('lists articles on the home, theme and unit pages, each linking its own feeds', async () => {
    const { post } = await publish({ title: 'Mô hình "Giúp người lầm lỡ" ở Chiềng Sinh', body: 'Câu chuyện.', theme: 'testimony' });
    const link = `<a href="/bai-viet/${post.slug}">`;
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(link);
    expect(home.body).toContain(`<link rel="alternate" type="application/atom+xml" title="Con đường hướng thiện (Atom)" href="${PUBLIC_URL}/atom.xml">`);
    // Shared on Facebook or Zalo, the home page shows a card of its own, not an empty link.
    expect(meta(home.body, 'og:type')).toBe('website');
    expect(meta(home.body, 'og:title')).toBe('Con đường hướng thiện');
    expect(meta(home.body, 'og:url')).toBe(`${PUBLIC_URL}/`);
    expect(meta(home.body, 'og:description')).toBe(meta(home.body, 'description'));
    // With the campaign's picture: a link without one shows as a bare line in a Zalo group.
    expect(meta(home.body, 'og:image')).toBe(`${PUBLIC_URL}/og/_site.png`);
    expect(meta(home.body, 'og:image:width')).toBe('1200');
    expect(meta(home.body, 'twitter:card')).toBe('summary_large_image');
    const card = await get('/og/_site.png');
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('image/png');
    expect(await sharp(card.rawPayload).metadata()).toMatchObject({ width: 1200, height: 630 });
    // A keyboard user skips the header's nine stops straight to the articles, and sees where the focus is
    // on the red header too (the browser's dark ring is lost on it).
    expect(home.body).toMatch(/<body>\n<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính<\/a>\n<header>/);
    expect(home.body).toContain('<main id="noi-dung">');
    expect(home.body).toContain('header a:focus-visible,header button:focus-visible,header input:focus-visible{outline-color:#fff}');
    const theme = await get('/chu-de/guong-hoan-luong');
    expect(theme.body).toContain(link);
    expect(theme.body).toContain('<h1>Gương hoàn lương</h1>');
    expect(meta(theme.body, 'og:url')).toBe(`${PUBLIC_URL}/chu-de/guong-hoan-luong`);
    expect(theme.body).toContain(`href="${PUBLIC_URL}/chu-de/guong-hoan-luong/feed.xml"`);
    expect((await get('/chu-de/chinh-sach')).body).not.toContain(link);
    // A province's page shows its communes' articles.
    const unit = await get(`/don-vi/${provinceId}`);
    expect(unit.statusCode).toBe(200);
    expect(unit.body).toContain('<h1>Công an tỉnh Sơn La</h1>');
    expect(unit.body).toContain(link);
    expect(unit.body).toContain(`href="${PUBLIC_URL}/don-vi/${provinceId}/feed.json"`);
    for (const url of ['/chu-de/khong-co', '/don-vi/khong-phai-uuid', '/don-vi/00000000-0000-4000-8000-000000000000', '/bai-viet/khong-co', '/chu-de/chinh-sach/rss.txt']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
    }
    expect((await get('/khong-co-trang-nay')).statusCode).toBe(404);
  });

  it('moves the themes\' first, English addresses permanently to their Vietnamese ones, page and feed kept', async () => {
    const home = await get('/');
    expect(home.body).toContain('<a href="/chu-de/chinh-sach">Chính sách, pháp luật</a>');
    expect(home.body).not.toMatch(/href="\/chu-de\/(policy|guidance|testimony|warning|counter_misinformation)/);
    const moved = {
      '/chu-de/testimony': '/chu-de/guong-hoan-luong',
      '/chu-de/counter_misinformation?trang=2': '/chu-de/phan-bac-thong-tin-sai?trang=2',
      '/chu-de/guidance/feed.xml': '/chu-de/huong-dan/feed.xml',
      '/chu-de/warning/atom.xml': '/chu-de/canh-giac/atom.xml',
    };
    for (const [from, to] of Object.entries(moved)) {
      const res = await get(from);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location, from).toBe(to);
      expect((await get(to)).statusCode, to).toBe(200);
    }
  });

  it('shows an article\'s photos phone-sized with their description, the first at once and the rest as the reader scrolls', async () => {
    const photo = async (name: string, altText: string) => {
      const bytes = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#2f6b3a' } }).png().toBuffer();
      return addMedia(fx, storage, { kind: 'image', mimeType: 'image/png', name, bytes, altText });
    };
    const farm = await photo('trang-trai.png', 'Anh H. bên đàn gà thả vườn');
    const shop = await photo('cua-hang.png', 'Cửa hàng sửa xe của anh T.');
    const { post } = await publish({ title: 'Hai người trở về làm kinh tế', body: 'Câu chuyện của anh H. và anh T.', theme: 'testimony', media: [farm, shop] });
    const page = (await get(`/bai-viet/${post.slug}`)).body;
    expect(page).toContain('<p>Câu chuyện của anh H. và anh T.</p>');
    const srcset = (id: string) => `srcset="/media/${id}?co=nho 480w, /media/${id}?co=vua 800w, /media/${id}?co=lon 1280w" sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)"`;
    expect(page).toContain(`<figure><img src="/media/${farm.id}?co=nho" ${srcset(farm.id)} alt="Anh H. bên đàn gà thả vườn"><figcaption>Anh H. bên đàn gà thả vườn</figcaption></figure>`);
    expect(page).toContain(`<figure><img src="/media/${shop.id}?co=nho" ${srcset(shop.id)} alt="Cửa hàng sửa xe của anh T." loading="lazy">`);
    for (const [co, width] of [['nho', 480], ['vua', 800], ['lon', 1280]] as const) {
      const res = await get(`/media/${farm.id}?co=${co}`);
      expect(res.statusCode, co).toBe(200);
      expect(res.headers['content-type'], co).toBe('image/jpeg');
      expect(res.headers['cache-control'], co).toBe('public, max-age=300');
      expect((await sharp(res.rawPayload).metadata()).width, co).toBe(width);
      expect((await get(`/media/${farm.id}?co=${co}`, { 'if-none-match': res.headers.etag as string })).statusCode, co).toBe(304);
    }
    // The file as uploaded stays at its address (to save it whole), and nothing else is offered.
    expect((await get(`/media/${farm.id}`)).headers['content-type']).toBe('image/png');
    expect((await get(`/media/${farm.id}?co=rat-lon`)).statusCode).toBe(400);
  });

  it('embeds a video served with Range support, and serves only media of live articles', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const clip = await video(bytes);
    const { post } = await publish({ title: 'Phóng sự: trở về sau song sắt', body: 'Xem video.', theme: 'testimony', media: [clip] });
    const page = await get(`/bai-viet/${post.slug}`);
    expect(page.body).toContain(`<video controls preload="metadata" src="/media/${clip.id}">`);
    expect(meta(page.body, 'og:video')).toBe(`${PUBLIC_URL}/media/${clip.id}`);

    const whole = await get(`/media/${clip.id}`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.rawPayload.equals(bytes)).toBe(true);
    const part = await get(`/media/${clip.id}`, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/1000');
    expect(part.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await get(`/media/${clip.id}`, { range: 'bytes=-10' });
    expect(tail.rawPayload.equals(bytes.subarray(990))).toBe(true);
    expect((await get(`/media/${clip.id}`, { range: 'bytes=2000-' })).statusCode).toBe(416);
    const head = await t.app.inject({ method: 'HEAD', url: `/media/${clip.id}` });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('1000');

    const unpublished = await video(Buffer.from('not attached to any article'));
    expect((await get(`/media/${unpublished.id}`)).statusCode).toBe(404);
  });

  it('answers 410 for a taken-down article and drops it from lists, sitemap and media', async () => {
    const image = await addMedia(fx, storage, { kind: 'image', mimeType: 'image/png', name: 'anh.png', bytes: Buffer.from('png bytes'), altText: 'Ảnh' });
    const { post, articleId } = await publish({ title: 'Bài phải gỡ vì người trong ảnh rút lại đồng ý', body: 'Nội dung.', theme: 'testimony', media: [image] });
    expect((await get(`/media/${image.id}`)).statusCode).toBe(200);
    await site.unpublish!({ deliveryId: post.deliveryId, externalId: articleId, url: null, publishedAt: now }, siteContext(fx, () => now));
    // Pages are kept in memory until the database's change notice arrives (page-cache.ts).
    await expect.poll(async () => (await get(`/bai-viet/${post.slug}`)).statusCode).toBe(410);
    const page = await get(`/bai-viet/${post.slug}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Bài viết đã được gỡ');
    expect(page.body).not.toContain('rút lại đồng ý');
    await expect.poll(async () => (await get('/')).body).not.toContain(post.slug);
    await expect.poll(async () => (await get('/chu-de/guong-hoan-luong')).body).not.toContain(post.slug);
    await expect.poll(async () => (await get('/sitemap.xml')).body).not.toContain(post.slug);
    expect((await get(`/media/${image.id}`)).statusCode).toBe(404);
    expect((await get(`/og/${post.slug}.png`)).statusCode).toBe(410);
  });

  it('renders the OpenGraph card as a 1200×630 PNG with a validator', async () => {
    const { post } = await publish({ title: 'Cảnh giác thủ đoạn lôi kéo người mới ra tù', body: 'Nội dung.', theme: 'warning' });
    const res = await get(`/og/${post.slug}.png`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.rawPayload;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const again = await get(`/og/${post.slug}.png`, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect((await get('/og/khong-co.png')).statusCode).toBe(404);
  });
});
