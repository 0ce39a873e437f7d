import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import type { Connector } from '../../connectors/contract.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { createSiteFixture, newSiteDelivery, type PostSpec, siteContext, type SiteFixture } from '../../test/site-fixtures.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36', accept: 'text/html' };

describe('site search', () => {
  let t: TestApp;
  let fx: SiteFixture;
  let site: Connector;
  const now = new Date('2026-05-10T01:00:00Z');

  async function publish(spec: PostSpec) {
    const post = await newSiteDelivery(fx, spec, now);
    const published = (await site.publish(post, siteContext(fx, () => now))) as { externalId: string };
    return { post, articleId: published.externalId };
  }
  const search = (q: string) => t.app.inject({ method: 'GET', url: `/tim-kiem?q=${encodeURIComponent(q)}`, headers: BROWSER });

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
    fx = await createSiteFixture(t.db, 'Công an huyện Mai Sơn');
    site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: 'https://huongthien.test', clock: { now: () => now } }) });
  });
  afterAll(() => t.close());

  it('finds Vietnamese with or without accents, in any case, by whole words and a prefix of the last one', async () => {
    const { post: hit } = await publish({ title: 'Hỗ trợ TÁI HÒA NHẬP cộng đồng', body: 'Đường về nhà của người mãn hạn tù.', theme: 'policy' });
    const { post: other } = await publish({ title: 'Cảnh giác lừa đảo vay tiền', body: 'Không liên quan.', theme: 'warning' });
    for (const q of ['tai hoa nhap', 'Tái hòa nhập', 'TAI HOA NH', 'duong ve nha', 'đường về']) {
      const res = await search(q);
      expect(res.statusCode, q).toBe(200);
      expect(res.body, q).toContain(`/bai-viet/${hit.slug}`);
      expect(res.body, q).not.toContain(`/bai-viet/${other.slug}`);
    }
    // Every word must be there: "hòa" alone matches, "hòa bình" does not.
    expect((await search('hoa')).body).toContain(hit.slug);
    expect((await search('hoa binh')).body).toContain('Không tìm thấy');
  });

  it('ranks an article whose words stand together above one where they are scattered', async () => {
    const { post: scattered } = await publish({ title: 'Việc làm', body: 'Tái khám sức khỏe. Hòa giải ở cơ sở. Nhập học nghề.', theme: 'guidance' });
    const { post: together } = await publish({ title: 'Chính sách việc làm', body: 'Người tái hòa nhập được vay vốn.', theme: 'policy' });
    const body = (await search('tai hoa nhap viec lam')).body;
    expect(body.indexOf(together.slug)).toBeGreaterThan(-1);
    expect(body.indexOf(scattered.slug)).toBeGreaterThan(body.indexOf(together.slug));
  });

  it('never shows a taken-down article', async () => {
    const { post, articleId } = await publish({ title: 'Bài sẽ gỡ về xóa án tích', body: 'Nội dung.', theme: 'guidance' });
    expect((await search('xoa an tich')).body).toContain(post.slug);
    await site.unpublish!({ deliveryId: post.deliveryId, externalId: articleId, url: null, publishedAt: now }, siteContext(fx, () => now));
    expect((await search('xoa an tich')).body).not.toContain(post.slug);
  });

  it('works as a plain form: the query stays in the box, escaped; operators and junk are just text', async () => {
    const res = await search('"><b>x & | ! :* (\'');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('<form class="search" role="search" action="/tim-kiem" method="get">');
    expect(res.body).toContain('value="&quot;&gt;&lt;b&gt;x &amp; | ! :* (&#39;"');
    const empty = await t.app.inject({ method: 'GET', url: '/tim-kiem', headers: BROWSER });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<h1>Tìm kiếm</h1>');
    expect((await t.app.inject({ method: 'GET', url: `/tim-kiem?q=${'a'.repeat(501)}`, headers: BROWSER })).statusCode).toBe(400);
  });

  it('pages through many results', async () => {
    for (let i = 0; i < 21; i++) await publish({ title: `Gương sáng hoàn lương số ${i}`, body: 'Nội dung.', theme: 'testimony' });
    const first = await search('guong sang');
    expect(first.body).toContain('href="/tim-kiem?q=guong%20sang&amp;trang=2"');
    const second = await t.app.inject({ method: 'GET', url: '/tim-kiem?q=guong%20sang&trang=2', headers: BROWSER });
    expect(second.body.match(/<li><a href="\/bai-viet\//g)).toHaveLength(1);
    expect(second.body).toContain('</ol><p class="pager"><a href="/tim-kiem?q=guong%20sang&amp;trang=1">← Trang trước</a> </p>');
    // A single page of results ends with the list: no empty pager paragraph.
    expect((await search('guong sang so 7')).body).toMatch(/<\/ol>\n<\/main>/);
  });

  it('is answered from the text index', async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute<{ 'QUERY PLAN': string }>(
        sql`explain select id from site_articles where to_tsvector('simple', search_text) @@ to_tsquery('simple', 'tai & hoa')`,
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('site_articles_search_idx');
  });
});
