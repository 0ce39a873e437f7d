import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookChannel } from '../delivery-fixtures.ts';
import { TEST_PASSWORD } from '../app.ts';
import { signIn } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

/** The item page (/app/bai-viet/:id) as each role sees an item awaiting review. */
describe('web app item page', () => {
  let h: WebHarness;
  let itemId: string;
  beforeAll(async () => {
    h = await startWebHarness();
    const { db, secrets } = h.t.deps;
    const portal = await createWebhookChannel(db, secrets, { unitId: h.org.provinceId, url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32), name: 'Cổng thông tin' });
    const editor = await signIn(h.base, h.org.emails.editor, TEST_PASSWORD);
    const created = await editor.send('POST', '/api/v1/content', {
      unitId: h.org.provinceId,
      title: 'Hướng dẫn thủ tục vay vốn',
      summary: 'Tóm tắt',
      body: 'Nội dung hướng dẫn thủ tục cho người chấp hành xong án phạt tù.',
      theme: 'guidance',
      hashtags: ['TaiHoaNhap'],
      targets: [{ channelId: portal }],
    });
    expect(created.status).toBe(201);
    itemId = created.json().item.id;
    expect((await editor.send('POST', `/api/v1/content/${itemId}/submit`)).status).toBe(200);
  });
  afterAll(() => h?.close());

  it('shows the editor why editing waits (the item is in review)', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/${itemId}`);
    await page.getByRole('alert').filter({ hasText: 'Bài đang chờ duyệt' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sửa (tạo phiên bản mới)' }).isDisabled()).toBe(true);
    // The state badge is coloured as in the item list (in review: orange), not the default blue.
    const badge = page.locator('.mantine-Badge-root').filter({ hasText: 'Chờ duyệt' }).first();
    expect(await badge.getAttribute('style')).toContain('orange');
  });

  it('offers an approver the review, not an edit they may never make nor a notice saying so', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/bai-viet/${itemId}`);
    await page.getByRole('link', { name: 'Xem và duyệt' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sửa (tạo phiên bản mới)' }).count()).toBe(0);
    expect(await page.getByText('Bạn không có quyền soạn bài').count()).toBe(0);
    await h.checkPage(page, 'web/item-approver');
  });
});
