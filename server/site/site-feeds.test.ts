import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import type { Connector } from '../../connectors/contract.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { sitePageViews } from '../../db/schema/index.ts';
import { createTestApp, createUnit, type TestApp } from '../../test/app.ts';
import { createSiteFixture, newSiteDelivery, type PostSpec, siteContext, type SiteFixture } from '../../test/site-fixtures.ts';

const PUBLIC_URL = 'https://huongthien.test';
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';
const ZALO_IN_APP = `${CHROME_ANDROID} Zalo android/12100502 ZaloTheme/light ZaloLanguage/vi`;

const NAME = '[A-Za-z_][\\w:.-]*';
const TAG = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

/**
 * A strict XML 1.0 well-formedness check, enough for our feeds: one root, balanced tags,
 * quoted attributes, only predefined or numeric references, no raw `<` or `&` in text,
 * no forbidden control characters. Throws with the position of the first problem.
 */
function assertWellFormedXml(xml: string): void {
  const fail = (i: number, why: string) => {
    throw new Error(`not well-formed XML at ${i} (${why}): ${JSON.stringify(xml.slice(i, i + 80))}`);
  };
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(xml);
  if (bad) fail(bad.index, 'forbidden character');
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const stack: string[] = [];
  let roots = 0;
  const checkReferences = (text: string, at: number) => {
    for (let k = text.indexOf('&'); k !== -1; k = text.indexOf('&', k + 1)) {
      REFERENCE.lastIndex = k;
      if (!REFERENCE.test(text)) fail(at + k, 'bad reference');
    }
  };
  while (i < xml.length) {
    if (xml[i] === '<') {
      TAG.lastIndex = i;
      const m = TAG.exec(xml);
      if (!m) fail(i, 'bad markup');
      const [all, close, name, attrs, selfClose] = m!;
      checkReferences(attrs!, i);
      if (close) {
        if (stack.pop() !== name) fail(i, `unexpected </${name}>`);
      } else {
        if (stack.length === 0) roots++;
        if (!selfClose) stack.push(name!);
      }
      i += all.length;
    } else {
      const end = xml.indexOf('<', i) === -1 ? xml.length : xml.indexOf('<', i);
      const text = xml.slice(i, end);
      if (stack.length === 0 && text.trim()) fail(i, 'text outside the root');
      if (text.includes(']]>')) fail(i, 'raw ]]>');
      checkReferences(text, i);
      i = end;
    }
  }
  if (stack.length) fail(xml.length, `unclosed <${stack.at(-1)}>`);
  if (roots !== 1) fail(0, `${roots} root elements`);
}

describe('feeds, sitemap and page views', () => {
  let t: TestApp;
  let fx: SiteFixture;
  let site: Connector;
  let now = new Date('2026-03-01T17:30:00Z');

  async function publish(spec: PostSpec) {
    const post = await newSiteDelivery(fx, spec, now);
    const published = await site.publish(post, siteContext(fx, () => now));
    return { post, articleId: (published as { externalId: string }).externalId };
  }
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME_ANDROID, ...headers } });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_PUBLIC_URL: PUBLIC_URL, LOA_SITE_VIEWS_FLUSH_MS: '20' }, clock: { now: () => now } });
    const province = await createUnit(t.db, 'Công an tỉnh Bình Định');
    fx = await createSiteFixture(t.db, 'Phòng Cảnh sát THAHS & HTTP', province);
    site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: PUBLIC_URL, clock: { now: () => now } }) });
  });
  afterAll(() => t.close());

  it('carries an article in all three feeds — site-wide, per theme, per unit — escaped and well-formed', async () => {
    const title = 'Cảnh giác "việc nhẹ, lương cao" & <lừa đảo> qua mạng';
    const { post, articleId } = await publish({
      title,
      summary: 'Thủ đoạn lôi kéo người mới ra tù.',
      body: 'Đối tượng hứa hẹn ]]> việc làm\u0001 & tiền bạc.\n\nHãy báo cho Công an xã.',
      theme: 'warning',
      hashtags: ['#CanhGiac'],
    });
    const escapedTitle = 'Cảnh giác &quot;việc nhẹ, lương cao&quot; &amp; &lt;lừa đảo&gt; qua mạng';
    for (const scope of ['', '/chu-de/canh-giac', `/don-vi/${fx.unit.id}`]) {
      const rss = await get(`${scope}/feed.xml`);
      expect(rss.statusCode, scope).toBe(200);
      expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      assertWellFormedXml(rss.body);
      expect(rss.body).toContain(`<title>${escapedTitle}</title>`);
      expect(rss.body).toContain(`<guid isPermaLink="false">urn:uuid:${articleId}</guid>`);
      expect(rss.body).toContain(`<link>${PUBLIC_URL}/bai-viet/${post.slug}</link>`);
      expect(rss.body).toContain(`<atom:link href="${PUBLIC_URL}${scope}/feed.xml" rel="self" type="application/rss+xml"/>`);

      const atom = await get(`${scope}/atom.xml`);
      expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      assertWellFormedXml(atom.body);
      expect(atom.body).toContain(`<id>urn:uuid:${articleId}</id>`);
      expect(atom.body).toContain(`<title type="text">${escapedTitle}</title>`);

      const json = await get(`${scope}/feed.json`);
      expect(json.headers['content-type']).toBe('application/feed+json; charset=utf-8');
      const feed = json.json();
      expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: `${PUBLIC_URL}${scope}/feed.json`, language: 'vi' });
      expect(feed.items).toContainEqual(
        expect.objectContaining({ id: `urn:uuid:${articleId}`, title, url: `${PUBLIC_URL}/bai-viet/${post.slug}`, summary: 'Thủ đoạn lôi kéo người mới ra tù.' }),
      );
      expect(feed.items[0].content_html).toContain('Đối tượng hứa hẹn ]]&gt; việc làm &amp; tiền bạc.');
    }
    for (const other of ['/chu-de/chinh-sach/feed.xml', '/chu-de/chinh-sach/atom.xml']) {
      const res = await get(other);
      assertWellFormedXml(res.body);
      expect(res.body).not.toContain(articleId);
    }
    expect((await get('/chu-de/chinh-sach/feed.json')).json().items).toEqual([]);
  });

  it('keeps the entry id when a newer revision replaces the article, and lists it once', async () => {
    const { post, articleId } = await publish({ title: 'Hỗ trợ vay vốn – bản đầu', body: 'Nội dung', theme: 'policy' });
    now = new Date(now.getTime() + 60_000);
    await publish({ title: 'Hỗ trợ vay vốn – bản đã sửa', body: 'Nội dung mới', theme: 'policy', itemId: post.itemId });
    // Pages are kept in memory until the database's change notice arrives (page-cache.ts).
    await expect.poll(async () => (await get('/chu-de/chinh-sach/feed.json')).body).toContain('bản đã sửa');
    const feed = (await get('/chu-de/chinh-sach/feed.json')).json();
    const entries = feed.items.filter((i: { id: string }) => i.id === `urn:uuid:${articleId}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ title: 'Hỗ trợ vay vốn – bản đã sửa', url: `${PUBLIC_URL}/bai-viet/${post.slug}`, date_modified: now.toISOString() });
  });

  it('answers conditional GETs on feeds with 304 until something changes', async () => {
    for (const file of ['feed.xml', 'atom.xml', 'feed.json']) {
      const first = await get(`/${file}`);
      expect(first.headers.etag).toBeDefined();
      expect(first.headers['last-modified']).toBe(now.toUTCString());
      const byEtag = await get(`/${file}`, { 'if-none-match': String(first.headers.etag) });
      expect(byEtag.statusCode).toBe(304);
      expect(byEtag.body).toBe('');
      const byDate = await get(`/${file}`, { 'if-modified-since': String(first.headers['last-modified']) });
      expect(byDate.statusCode).toBe(304);
    }
    const before = await get('/feed.xml');
    now = new Date(now.getTime() + 60_000);
    await publish({ title: 'Bài mới làm thay đổi nguồn tin', body: 'Nội dung', theme: 'guidance' });
    await expect.poll(async () => (await get('/feed.xml', { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(200);
    const after = await get('/feed.xml', { 'if-none-match': String(before.headers.etag) });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await get('/feed.xml', { 'if-modified-since': String(before.headers['last-modified']) })).statusCode).toBe(200);
  });

  it('lists live articles in the sitemap and points robots at it', async () => {
    const { post } = await publish({ title: 'Bài cho sơ đồ trang', body: 'Nội dung', theme: 'guidance' });
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.statusCode).toBe(200);
    assertWellFormedXml(sitemap.body);
    expect(sitemap.body).toContain(`<loc>${PUBLIC_URL}/bai-viet/${post.slug}</loc>`);
    expect(sitemap.body).toContain(`<loc>${PUBLIC_URL}/chu-de/canh-giac</loc>`);
    expect(sitemap.body).toContain(`<loc>${PUBLIC_URL}/don-vi/${fx.unit.id}</loc>`);
    const robots = await get('/robots.txt');
    expect(robots.body).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    expect(robots.body).toContain('Disallow: /api/');
    // The officers' app and phone pages, and the secret share-kit links, are no page for search results.
    for (const path of ['/app', '/xa', '/chia-se/']) expect(robots.body).toContain(`Disallow: ${path}\n`);
    expect(robots.body).not.toMatch(/Disallow: \/(video|hoi-dap|chu-de)/);
  });

  it('answers the icon browsers request on every first page view, cached for a day', async () => {
    const icon = await get('/favicon.ico');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
    assertWellFormedXml(icon.body);
    expect((await get('/favicon.ico', { 'if-none-match': String(icon.headers.etag) })).statusCode).toBe(304);
  });

  it('counts a reader per Vietnam day, but not bots, link previews, HEAD or prefetch, and sets no cookie', async () => {
    // 00:30 on 2 March in Vietnam, still 1 March in UTC.
    now = new Date('2026-03-01T17:30:00Z');
    const { post, articleId } = await publish({ title: 'Bài đếm lượt xem', body: 'Nội dung', theme: 'testimony' });
    const url = `/bai-viet/${post.slug}`;
    const responses = [
      await get(url),
      await get(url, { 'user-agent': ZALO_IN_APP }),
      await get(url, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }),
      await get(url, { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' }),
      await get(url, { 'user-agent': 'Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)' }),
      await get(url, { 'user-agent': 'WhatsApp/2.23.20.0' }),
      await get(url, { 'user-agent': 'curl/8.5.0' }),
      await get(url, { 'user-agent': '' }),
      await get(url, { 'sec-purpose': 'prefetch;prerender' }),
      await get(url, { purpose: 'prefetch' }),
      await t.app.inject({ method: 'HEAD', url, headers: { 'user-agent': CHROME_ANDROID } }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 200));
    expect(responses.map((r) => r.headers['set-cookie'])).toEqual(responses.map(() => undefined));
    // A revalidation by a reader's browser is a view too.
    const revalidated = await get(url, { 'if-none-match': String(responses[0]!.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    // Views are written in batches (core/site/view-counter.ts): wait for the next one.
    await expect.poll(() => t.db.select().from(sitePageViews).where(eq(sitePageViews.articleId, articleId))).toEqual([{ articleId, day: '2026-03-02', views: 3 }]);
  });
});
