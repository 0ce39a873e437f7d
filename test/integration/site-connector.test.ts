import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteStore } from '../../core/site/store.ts';
import { createDb } from '../../db/client.ts';
import { auditLog, siteArticleDeliveries, siteArticles, sitePageViews } from '../../db/schema/index.ts';
import { createSiteFixture, newSiteDelivery, siteContext, type SiteFixture } from '../site-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { ConnectorError, type Connector } from '../../connectors/contract.ts';
import { createSiteConnector, SITE_MAX_BODY_BYTES } from '../../connectors/site/index.ts';

const PUBLIC_URL = 'https://huongthien.test';

describe('site connector over the real store', () => {
  let database: TestDatabase;
  let fx: SiteFixture;
  let site: Connector;
  let now = new Date('2026-03-02T02:00:00Z');
  const ctx = () => siteContext(fx, () => now);

  beforeAll(async () => {
    database = await createTestDatabase();
    fx = await createSiteFixture(database.db);
    site = createSiteConnector({ store: createSiteStore({ db: database.db, publicUrl: PUBLIC_URL, clock: { now: () => now } }) });
  });
  afterAll(() => database.close());

  it('publishes a delivery as one article, and publishing it again returns the same article', async () => {
    const post = await newSiteDelivery(fx, { title: 'Thủ tục xin cấp lý lịch tư pháp', body: 'Đoạn một.\n\nĐoạn hai.', theme: 'guidance' });
    const first = await site.publish(post, ctx());
    expect(first).toEqual({ kind: 'published', externalId: expect.any(String), url: `${PUBLIC_URL}/bai-viet/${post.slug}` });
    const again = await site.publish(post, ctx());
    expect(again).toEqual(first);
    const rows = await database.db.select().from(siteArticles).where(eq(siteArticles.itemId, post.itemId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ deliveryId: post.deliveryId, slug: post.slug, title: 'Thủ tục xin cấp lý lịch tư pháp', unitName: fx.unit.name });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, rows[0]!.id));
    expect(audits.map((a) => a.action)).toEqual(['site.article_created']);
  });

  it('replaces the content of the same URL with a newer revision, and ignores an older one arriving late', async () => {
    const v1 = await newSiteDelivery(fx, { title: 'Vay vốn ưu đãi – bản 1', body: 'Nội dung cũ', theme: 'guidance' });
    const v2 = await newSiteDelivery(fx, { title: 'Vay vốn ưu đãi – bản 2', body: 'Nội dung mới', theme: 'policy', itemId: v1.itemId });
    const v3 = await newSiteDelivery(fx, { title: 'Vay vốn ưu đãi – bản 3', body: 'Nội dung mới nhất', itemId: v1.itemId });
    const a = await site.publish(v1, ctx());
    const b = await site.publish(v3, ctx());
    const late = await site.publish(v2, ctx());
    expect(b).toEqual(a);
    expect(late).toEqual(a);
    const [row] = await database.db.select().from(siteArticles).where(eq(siteArticles.itemId, v1.itemId));
    expect(row).toMatchObject({ title: 'Vay vốn ưu đãi – bản 3', body: 'Nội dung mới nhất', deliveryId: v3.deliveryId, slug: v1.slug });
    const history = await database.db.select().from(siteArticleDeliveries).where(eq(siteArticleDeliveries.articleId, row!.id));
    expect(Object.fromEntries(history.map((h) => [h.deliveryId, h.stale]))).toEqual({ [v1.deliveryId]: false, [v3.deliveryId]: false, [v2.deliveryId]: true });
  });

  it('reconciles by delivery: found once published, proven absent before', async () => {
    const post = await newSiteDelivery(fx, { title: 'Cảnh giác việc nhẹ lương cao', body: 'Cảnh báo', theme: 'warning' });
    const ref = { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: now, attemptEndedAt: now, progress: {}, post };
    expect(await site.reconcile!(ref, ctx())).toEqual({ kind: 'absent' });
    const published = await site.publish(post, ctx());
    expect(await site.reconcile!(ref, ctx())).toEqual(published);
  });

  it('takes the article down for its current delivery only', async () => {
    const old = await newSiteDelivery(fx, { title: 'Gương hoàn lương', body: 'Câu chuyện', theme: 'testimony' });
    const current = await newSiteDelivery(fx, { title: 'Gương hoàn lương (sửa)', body: 'Câu chuyện đã sửa', itemId: old.itemId, theme: 'testimony' });
    const p = await site.publish(old, ctx());
    await site.publish(current, ctx());
    const ext = (d: string) => ({ deliveryId: d, externalId: (p as { externalId: string }).externalId, url: null, publishedAt: now });
    await site.unpublish!(ext(old.deliveryId), ctx());
    const [still] = await database.db.select().from(siteArticles).where(eq(siteArticles.itemId, old.itemId));
    expect(still!.takenDownAt).toBeNull();
    await site.unpublish!(ext(current.deliveryId), ctx());
    await site.unpublish!(ext(current.deliveryId), ctx());
    const [gone] = await database.db.select().from(siteArticles).where(eq(siteArticles.itemId, old.itemId));
    expect(gone!.takenDownAt).toEqual(now);
  });

  it('splits page views between successive deliveries of an article without counting a view twice', async () => {
    now = new Date('2026-04-01T03:00:00Z');
    const d1 = await newSiteDelivery(fx, { title: 'Phản bác luận điệu sai trái', body: 'Bản đầu', theme: 'counter_misinformation' });
    const published = await site.publish(d1, ctx());
    const articleId = (published as { externalId: string }).externalId;
    // 23:30 on 2 April in Vietnam is still 2 April there although it is 16:30 UTC.
    now = new Date('2026-04-02T16:30:00Z');
    const d2 = await newSiteDelivery(fx, { title: 'Phản bác luận điệu sai trái (cập nhật)', body: 'Bản sau', itemId: d1.itemId, theme: 'counter_misinformation' });
    await site.publish(d2, ctx());
    await database.db.insert(sitePageViews).values([
      { articleId, day: '2026-04-01', views: 5 },
      { articleId, day: '2026-04-02', views: 7 },
      { articleId, day: '2026-04-03', views: 11 },
    ]);
    const refs = [d1, d2].map((d) => ({ deliveryId: d.deliveryId, externalId: articleId, url: null, publishedAt: now }));
    const samples = await site.collectMetrics!(refs, ctx());
    expect(samples).toEqual([
      { deliveryId: d1.deliveryId, metric: 'views', value: 5, collectedAt: now, source: 'site' },
      { deliveryId: d2.deliveryId, metric: 'views', value: 18, collectedAt: now, source: 'site' },
    ]);
  });

  it('refuses an unpublishable post as a permanent error and writes nothing', async () => {
    const bad = await newSiteDelivery(fx, { title: 'Bài quá dài', body: 'â'.repeat(SITE_MAX_BODY_BYTES / 2 + 1) });
    expect(site.validate(bad).map((p) => `${p.field} ${p.code}`)).toEqual(['/body TEXT_TOO_LONG']);
    expect(site.validate({ ...bad, title: ' ', body: 'ok', slug: 'Không hợp lệ' }).map((p) => p.code)).toEqual(['TITLE_REQUIRED', 'SLUG_INVALID']);
    const error = await site.publish(bad, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'permanent', code: 'SITE_TEXT_TOO_LONG', sideEffectPossible: false });
    expect(await database.db.select().from(siteArticles).where(eq(siteArticles.itemId, bad.itemId))).toEqual([]);
  });

  it('reports an unreachable database as transient without side effect (publishing is idempotent)', async () => {
    const closed = createDb(database.url, { max: 1 });
    await closed.close();
    const broken = createSiteConnector({ store: createSiteStore({ db: closed.db, publicUrl: PUBLIC_URL, clock: { now: () => now } }) });
    const post = await newSiteDelivery(fx, { title: 'Mất kết nối', body: 'x' });
    const error = await broken.publish(post, ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', code: 'SITE_STORE_UNAVAILABLE', sideEffectPossible: false });
    expect(await site.publish(post, ctx())).toMatchObject({ kind: 'published' });
  });
});
