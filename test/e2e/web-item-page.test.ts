import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg } from '../../server/routes/media/test-files.ts';
import { createWebhookChannel } from '../delivery-fixtures.ts';
import { TEST_PASSWORD } from '../app.ts';
import { signIn } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

const PHOTO_ALT = 'Cán bộ công an xã trao hồ sơ vay vốn cho người dân';
const APPROVED_BODY = 'Hồ sơ vay vốn nộp tại Công an xã nơi cư trú.\n\nMức vay tối đa 100 triệu đồng.';
const DRAFT_BODY = 'Hồ sơ vay vốn nộp tại Công an xã nơi cư trú, kèm giấy chứng nhận chấp hành xong án phạt tù.';

/** The item page (/app/bai-viet/:id) as each role sees an item awaiting review, and what an item says. */
describe('web app item page', () => {
  let h: WebHarness;
  let itemId: string;
  /** Approved as revision 1 (with a photo), then edited into a draft revision 2. */
  let editedId: string;
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

    const photo = await editor.upload(`/api/v1/media?unitId=${h.org.provinceId}&filename=trao-ho-so.jpg&altText=${encodeURIComponent(PHOTO_ALT)}`, await jpeg(800, 600), 'image/jpeg');
    expect(photo.status, photo.text).toBe(201);
    const edited = await editor.send('POST', '/api/v1/content', {
      unitId: h.org.provinceId,
      title: 'Vay vốn ưu đãi: hỏi ở đâu',
      summary: 'Ai được vay, vay bao nhiêu.',
      body: APPROVED_BODY,
      theme: 'guidance',
      hashtags: ['VayVon'],
      mediaIds: [photo.json().id],
      targets: [{ channelId: portal }],
    });
    expect(edited.status, edited.text).toBe(201);
    editedId = edited.json().item.id;
    expect((await editor.send('POST', `/api/v1/content/${editedId}/submit`)).status).toBe(200);
    const approver = await signIn(h.base, h.org.emails.approver, TEST_PASSWORD);
    const approved = await approver.send('POST', `/api/v1/content/${editedId}/approve`, { comment: 'Đồng ý', revision: 1 });
    expect(approved.status, approved.text).toBe(200);
    const draft = await editor.send('PATCH', `/api/v1/content/${editedId}`, { body: DRAFT_BODY });
    expect(draft.status, draft.text).toBe(200);
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

  it('lets a manager on a phone read what the item says: the latest revision, its photo, then the approved one', { timeout: 60_000 }, async () => {
    const page = await h.newPage({ viewport: { width: 412, height: 915 } });
    await h.signInAs(page, 'viewer');
    await page.goto(`${h.base}/app/bai-viet/${editedId}`);
    const content = page.getByRole('region', { name: 'Phiên bản 2' });
    await content.getByText(DRAFT_BODY).waitFor();
    await content.getByText('Bản nháp').waitFor();
    await content.getByText('#VayVon').waitFor();
    await content.getByText('Chủ đề: Hướng dẫn tái hòa nhập').waitFor();
    await content.getByRole('img', { name: PHOTO_ALT }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
    await h.checkPage(page, 'web/item-content-phone');

    await page.getByRole('link', { name: 'Xem phiên bản 1' }).click();
    const approved = page.getByRole('region', { name: 'Phiên bản 1' });
    // Line breaks of the body are kept, as the composer's preview shows them.
    expect(await approved.getByText(/Mức vay tối đa/).innerText()).toBe(APPROVED_BODY);
    await approved.getByText(/Duyệt bởi pheduyet/).waitFor();
    await approved.getByRole('img', { name: PHOTO_ALT }).waitFor();
    // The photos are this revision's, not "to be published": it may be long published or replaced.
    await approved.getByRole('heading', { name: 'Ảnh, video của phiên bản này' }).waitFor();
    await approved.getByRole('link', { name: 'Xem phiên bản mới nhất (2)' }).waitFor();
  });
});
