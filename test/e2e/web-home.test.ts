import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveries } from '../../db/schema/index.ts';
import { approveForChannels, createWebhookChannel } from '../delivery-fixtures.ts';
import { TEST_PASSWORD } from '../app.ts';
import { signIn } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { homeRows, PHONE } from './web-steps.ts';

/** Half-way between now and the end of today in Vietnam (UTC+7), so the item is "today" whenever the test runs. */
function laterTodayInVietnam(now = Date.now()): Date {
  const dayMs = 86_400_000;
  const offsetMs = 7 * 3_600_000;
  const endOfDay = Math.floor((now + offsetMs) / dayMs) * dayMs + dayMs - offsetMs;
  return new Date(now + Math.floor((endOfDay - now) / 2));
}

/** Home per role: what needs a person, the schedule in Vietnam time, approvals waiting, the freeze. */
describe('web app home', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
    const { db, secrets } = h.t.deps;
    const { provinceId, userIds } = h.org;
    const portal = await createWebhookChannel(db, secrets, { unitId: provinceId, url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32), name: 'Cổng thông tin Sở Tư pháp' });
    const page = await createWebhookChannel(db, secrets, { unitId: provinceId, url: 'http://127.0.0.1:9/hook2', secret: 's'.repeat(32), name: 'Fanpage Công an tỉnh' });
    await db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, page));
    await approveForChannels(db, { unitId: provinceId, authorId: userIds.editor, channelIds: [portal], publishAt: laterTodayInVietnam(), title: 'Lịch hôm nay: vay vốn học nghề' });
    const failed = await approveForChannels(db, { unitId: provinceId, authorId: userIds.editor, channelIds: [portal], publishAt: new Date(Date.now() - 3600_000), title: 'Bài đăng hỏng' });
    await db
      .update(deliveries)
      .set({ state: 'failed', lastErrorKind: 'permanent', lastErrorCode: 'HTTP_410', lastErrorMessage: 'Cổng trả lời 410: địa chỉ không còn' })
      .where(eq(deliveries.id, failed.deliveryIds[0]!));

    const editor = await signIn(h.base, h.org.emails.editor, TEST_PASSWORD);
    const created = await editor.send('POST', '/api/v1/content', {
      unitId: provinceId,
      title: 'Chờ duyệt: hướng dẫn thủ tục',
      summary: 'Tóm tắt',
      body: 'Nội dung hướng dẫn thủ tục cho người chấp hành xong án phạt tù.',
      theme: 'guidance',
      hashtags: ['TaiHoaNhap'],
      targets: [{ channelId: portal }],
    });
    expect(created.status).toBe(201);
    expect((await editor.send('POST', `/api/v1/content/${created.json().item.id}/submit`)).status).toBe(200);
    const admin = await signIn(h.base, h.org.emails.admin, TEST_PASSWORD);
    expect((await admin.send('PUT', '/api/v1/system/freeze/', { on: true, reason: 'Tạm dừng trong ngày bầu cử' })).status).toBe(200);
  });
  afterAll(() => h?.close());

  it('shows an editor the freeze, failures with their reason, channels to reconnect, today’s schedule and their items', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.getByRole('alert').filter({ hasText: 'Tạm dừng trong ngày bầu cử' }).waitFor();
    const failed = homeRows(page, 'Đăng thất bại', 'Bài đăng hỏng');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Cổng trả lời 410: địa chỉ không còn');
    expect(await failed.textContent()).toContain('Thất bại');
    await page.getByRole('region', { name: 'Kênh cần kết nối lại' }).getByRole('link', { name: 'Fanpage Công an tỉnh' }).waitFor();
    const today = homeRows(page, 'Lịch đăng hôm nay', 'Lịch hôm nay: vay vốn học nghề');
    await today.waitFor();
    expect(await today.evaluate((el) => el.tagName)).toBe('TR');
    expect(await today.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await today.textContent()).toContain('Gương hoàn lương');
    await page.getByRole('region', { name: 'Bài của tôi' }).getByText('Chờ duyệt: hướng dẫn thủ tục').waitFor();
    await h.checkPage(page, 'web/home-editor-busy');
  });

  it('shows an approver the item waiting for their approval', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.getByRole('region', { name: 'Chờ tôi duyệt' }).getByRole('link', { name: 'Chờ duyệt: hướng dẫn thủ tục' }).waitFor();
    await h.checkPage(page, 'web/home-approver');
  });

  it('shows a manager the way to the reports, not the approval queue or "my items" they have no use for', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'viewer');
    await page.getByRole('region', { name: 'Lịch đăng hôm nay' }).waitFor();
    expect(await page.getByRole('region', { name: 'Chờ tôi duyệt' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Bài của tôi' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Xem báo cáo' }).click();
    await page.getByRole('heading', { name: 'Báo cáo', level: 1 }).waitFor();
    await h.checkPage(page, 'web/home-viewer');
  });
});

/** On a commune officer's or a manager's phone, a state reads in full, never "ĐÃ LÊN L…". */
describe('web app state badges on a phone', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
    const { db, secrets } = h.t.deps;
    const { provinceId, userIds } = h.org;
    const portal = await createWebhookChannel(db, secrets, { unitId: provinceId, url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32), name: 'Cổng thông tin điện tử Sở Tư pháp tỉnh' });
    await approveForChannels(db, { unitId: provinceId, authorId: userIds.editor, channelIds: [portal], publishAt: laterTodayInVietnam(), title: 'Hướng dẫn xin Phiếu lý lịch tư pháp trực tuyến, không cần đến trụ sở' });
  });
  afterAll(() => h?.close());

  it('shows every badge on the home and the delivery board without cutting its words', { timeout: 60_000 }, async () => {
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'editor');
    for (const path of ['/app', '/app/luot-dang']) {
      await page.goto(`${h.base}${path}`);
      await page.getByText('Đã lên lịch').and(page.locator(':visible')).first().waitFor();
      const cut = await page.$$eval('.mantine-Badge-label', (labels) => labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent));
      expect(cut, path).toEqual([]);
    }
  });

  it('stacks the home schedule on a phone: the channel and state of each delivery within the screen', { timeout: 60_000 }, async () => {
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'editor');
    const item = homeRows(page, 'Lịch đăng hôm nay', 'Hướng dẫn xin Phiếu lý lịch tư pháp');
    await item.waitFor();
    expect(await item.getAttribute('role')).toBe('listitem');
    for (const text of ['Cổng thông tin điện tử Sở Tư pháp tỉnh', 'Đã lên lịch']) {
      const box = (await item.getByText(text).first().boundingBox())!;
      expect(box.x + box.width, text).toBeLessThanOrEqual(360);
    }
    const h1 = await page.getByRole('heading', { level: 1 }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(h1).toBeLessThanOrEqual(24);
    await h.checkPage(page, 'web/home-phone');

    // The item list keeps its title readable: theme and unit move under it, the state is coloured.
    await page.goto(`${h.base}/app/bai-viet`);
    const title = page.getByRole('link', { name: 'Hướng dẫn xin Phiếu lý lịch tư pháp trực tuyến, không cần đến trụ sở' });
    await title.waitFor();
    const table = (await page.getByRole('table').boundingBox())!;
    expect(table.x + table.width).toBeLessThanOrEqual(360);
    expect(await page.getByRole('columnheader', { name: 'Chủ đề' }).isVisible()).toBe(false);
    await page.getByText('Gương hoàn lương · Công an tỉnh Thử Nghiệm').waitFor();
    await h.checkPage(page, 'web/items-phone');
  });
});
