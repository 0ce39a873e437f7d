import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveries } from '../../db/schema/index.ts';
import { createCorrectionItems } from '../correction-fixtures.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

/** The review screen says, before approval, what approving does where the item is already published (#11 finding 4). */
describe('web app: corrections before approval', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness();
  }, 60_000);
  afterAll(() => h?.close());

  it('lists each channel already showing the item with what the correction does there', { timeout: 90_000 }, async () => {
    const [wp] = await h.t.db
      .insert(channels)
      .values({ unitId: h.org.provinceId, platform: 'wordpress', name: 'Cổng thông tin Công an tỉnh', settings: { baseUrl: 'https://congan.example.vn' } })
      .returning({ id: channels.id });
    const items = createCorrectionItems(h.t.db, { unitId: h.org.provinceId, authorId: h.org.userIds.editor, adminId: h.org.userIds.approver });
    const first = await items.first({ title: 'Lễ ra quân tuyên truyền', body: 'Bản đầu.' }, [wp!.id]);
    await h.t.db
      .update(deliveries)
      .set({ state: 'published', externalId: '21', externalUrl: 'https://congan.example.vn/le-ra-quan/', publishedAt: new Date() })
      .where(eq(deliveries.id, first.deliveryIds[0]!));
    await items.submit(first.itemId, 2, { title: 'Lễ ra quân tuyên truyền (đính chính)', body: 'Bản sửa.' }, [wp!.id]);

    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/duyet/${first.itemId}`);
    const notice = page.getByRole('alert').filter({ hasText: 'Kênh đã đăng bài này' });
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain('Cổng thông tin Công an tỉnh');
    expect(text).toContain('đang hiện phiên bản 1');
    expect(text).toContain('Sửa ngay bài đã đăng');
    expect(text).toContain('ảnh chỉ tải lên lại khi đã đổi');
    expect(await notice.getByRole('link', { name: 'Cổng thông tin Công an tỉnh' }).getAttribute('href')).toBe('https://congan.example.vn/le-ra-quan/');
    await h.checkPage(page, 'web/review-corrections');
  });
});
