import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import type { Connector } from '../../connectors/contract.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { createLogger } from '../../lib/logger.ts';
import { createTestApp, createUnit, type TestApp } from '../../test/app.ts';
import { createSiteFixture, newSiteDelivery, type PostSpec, siteContext, type SiteFixture } from '../../test/site-fixtures.ts';
import { createPageCache, type PageInput } from './page-cache.ts';

const READER = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36' };

/**
 * Public pages are kept in memory and forgotten when the database announces a change: a
 * publication shows on the lists, a correction replaces the page, a takedown is a 410 — as
 * soon as the notice arrives (the polls below wait for it, they time nothing).
 */
describe('public site page cache', () => {
  let t: TestApp;
  let fx: SiteFixture;
  let site: Connector;
  let now = new Date('2026-05-10T01:00:00Z');

  async function publish(spec: PostSpec) {
    const post = await newSiteDelivery(fx, spec, now);
    const published = await site.publish(post, siteContext(fx, () => now));
    return { post, articleId: (published as { externalId: string }).externalId };
  }
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...READER, ...headers } });
  const body = async (url: string) => (await get(url)).body;

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
    const provinceId = await createUnit(t.db, 'Công an tỉnh Sơn La');
    fx = await createSiteFixture(t.db, 'Công an xã Chiềng Sinh', provinceId);
    site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: t.deps.config.publicUrl, clock: { now: () => now } }) });
  });
  afterAll(() => t.close());

  it('forgets its pages on a notice on the channel the triggers use, from any connection', async () => {
    const { post, articleId } = await publish({ title: 'Bản tin giữ trong bộ nhớ', body: 'Nội dung.', theme: 'policy' });
    await expect.poll(() => body(`/bai-viet/${post.slug}`)).toContain('Bản tin giữ trong bộ nhớ');
    // A change the triggers do not see (replica mode skips them), then only the notice.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update site_articles set title = 'Tiêu đề đổi lặng lẽ' where id = ${articleId}`);
    });
    await t.db.execute(sql`select pg_notify('loa_site', 'test')`);
    await expect.poll(() => body(`/bai-viet/${post.slug}`)).toContain('Tiêu đề đổi lặng lẽ');
  });

  it('shows a new article on the home page, its theme page and the feed once published', async () => {
    const before = { home: await body('/'), theme: await body('/chu-de/huong-dan'), feed: await body('/feed.xml') };
    const { post } = await publish({ title: 'Bài mới đăng hiện ngay', body: 'Nội dung.', theme: 'guidance' });
    expect(before.home).not.toContain(post.slug);
    await expect.poll(() => body('/')).toContain(post.slug);
    await expect.poll(() => body('/chu-de/huong-dan')).toContain(post.slug);
    await expect.poll(() => body('/feed.xml')).toContain(post.slug);
    expect(before.theme + before.feed).not.toContain(post.slug);
  });

  it('replaces the page with a correction (a newer revision) and changes its ETag', async () => {
    const { post } = await publish({ title: 'Lịch tiếp công dân – bản đầu', body: 'Thứ Hai.', theme: 'guidance' });
    const first = await get(`/bai-viet/${post.slug}`);
    expect(first.body).toContain('bản đầu');
    now = new Date(now.getTime() + 60_000);
    await publish({ title: 'Lịch tiếp công dân – bản đính chính', body: 'Thứ Ba.', theme: 'guidance', itemId: post.itemId });
    await expect.poll(() => body(`/bai-viet/${post.slug}`)).toContain('bản đính chính');
    const corrected = await get(`/bai-viet/${post.slug}`, { 'if-none-match': String(first.headers.etag) });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.body).not.toContain('bản đầu');
  });

  it('answers 410 for a taken-down article and drops it from every list', async () => {
    const { post, articleId } = await publish({ title: 'Bài sẽ bị gỡ ngay', body: 'Nội dung.', theme: 'testimony' });
    expect((await get(`/bai-viet/${post.slug}`)).statusCode).toBe(200);
    expect(await body('/chu-de/guong-hoan-luong')).toContain(post.slug);
    await site.unpublish!({ deliveryId: post.deliveryId, externalId: articleId, url: null, publishedAt: now }, siteContext(fx, () => now));
    await expect.poll(async () => (await get(`/bai-viet/${post.slug}`)).statusCode).toBe(410);
    await expect.poll(() => body('/chu-de/guong-hoan-luong')).not.toContain(post.slug);
    await expect.poll(() => body('/')).not.toContain(post.slug);
    await expect.poll(() => body('/feed.xml')).not.toContain(post.slug);
  });

  it('sends a kept page with the same headers, no cookie, and 304 to a current copy', async () => {
    const { post } = await publish({ title: 'Trang giữ đủ tiêu đề HTTP', body: 'Nội dung.', theme: 'policy' });
    const first = await get(`/bai-viet/${post.slug}`);
    const kept = await get(`/bai-viet/${post.slug}`);
    for (const h of ['etag', 'content-type', 'cache-control', 'content-security-policy']) expect(kept.headers[h]).toBe(first.headers[h]);
    expect(kept.headers['set-cookie']).toBeUndefined();
    expect((await get(`/bai-viet/${post.slug}`, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
  });
});

describe('page cache generations', () => {
  /** A LISTEN that is up at once and lets the test send notices. */
  function fakeSql() {
    let notify: (payload: string) => void = () => {};
    const sqlLike = {
      listen: (_channel: string, onNotify: (payload: string) => void, onListen: () => void) => {
        notify = onNotify;
        onListen();
        return Promise.resolve({ unlisten: () => Promise.resolve() });
      },
    } as unknown as postgres.Sql;
    return { sql: sqlLike, notify: (p: string) => notify(p) };
  }
  const page = (body: string): PageInput => ({ body, contentType: 'text/html', lastModified: null, cacheControl: 'public', status: 200 });

  it('serves a kept page without rendering it again, but not one whose rendering was running when a notice arrived', async () => {
    const db = fakeSql();
    const cache = createPageCache(db.sql, createLogger('silent'), { maxPages: 10, ttlMs: 60_000 });
    await Promise.resolve();
    let renders = 0;
    const stale = await cache.page('/a', async () => {
      renders++;
      db.notify('site_articles');
      return page('old rows');
    });
    expect(stale.page.body.toString()).toBe('old rows');
    const fresh = await cache.page('/a', async () => (renders++, page('new rows')));
    expect(fresh.page.body.toString()).toBe('new rows');
    expect(renders).toBe(2);
    await cache.page('/a', async () => (renders++, page('never')));
    expect(renders).toBe(2);
    await cache.close();
  });

  it('keeps at most maxPages, dropping the oldest', async () => {
    const cache = createPageCache(fakeSql().sql, createLogger('silent'), { maxPages: 2, ttlMs: 60_000 });
    await Promise.resolve();
    for (const k of ['/1', '/2', '/3']) await cache.page(k, async () => page(k));
    expect((await cache.page('/1', async () => page('again'))).page.body.toString()).toBe('again');
    expect((await cache.page('/3', async () => page('not again'))).page.body.toString()).toBe('/3');
    await cache.close();
  });
});
