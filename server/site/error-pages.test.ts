import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';

const BROWSER = {
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
};

describe('public site error pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = BROWSER) => t.app.inject({ method: 'GET', url, headers });

  function expectSitePage(res: Awaited<ReturnType<typeof get>>, status: number, heading: string) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain(`<h1>${heading}</h1>`);
    expect(res.body).toContain('<a href="/">Về trang chủ</a>');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    expect(res.body).not.toMatch(/<script/i);
  }

  it('shows an unknown address as a 404 page in the site look, for browsers and for plain clients', async () => {
    expectSitePage(await get('/trang-khong-co/that'), 404, 'Không tìm thấy trang');
    expectSitePage(await get('/khong-co', {}), 404, 'Không tìm thấy trang');
    // A bad page number in a site address is the reader's typo, not an API error.
    expectSitePage(await get('/?trang=abc'), 400, 'Địa chỉ không hợp lệ');
  });

  it('keeps problem+json under /api and for callers asking for JSON', async () => {
    const api = await get('/api/v1/khong-co');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    const json = await get('/khong-co', { accept: 'application/json' });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('shows a failure of a site page as a 500 page that is never cached, and logs it', async () => {
    // A real failure: the articles table is missing under the home page's query.
    await t.db.execute(sql`alter table site_articles rename to site_articles_away`);
    try {
      const res = await get('/');
      expectSitePage(res, 500, 'Trang đang gặp sự cố');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).not.toContain('site_articles');
      expect(t.logs.some((l) => l.includes('request failed'))).toBe(true);
    } finally {
      await t.db.execute(sql`alter table site_articles_away rename to site_articles`);
    }
    expect((await get('/')).statusCode).toBe(200);
  });
});
