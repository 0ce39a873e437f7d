import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { and, eq } from 'drizzle-orm';
import { channels, deliveries, revisions, revisionTargets } from '../../db/schema/index.ts';
import { login } from '../app.ts';
import { approveForChannels, createWebhookChannel, waitForState } from '../delivery-fixtures.ts';
import vi from '../../web/i18n/vi.json' with { type: 'json' };
import { formatDateTime } from '../../web/lib/time.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { boardRows, expectTappable, PHONE, pickDate, settle, typeDate } from './web-steps.ts';

const stateName = vi.deliveryStates;

/**
 * The calendar, the delivery board and the channels screens in a real browser, through the
 * real server, a real worker and the simulators.
 */
describe('web app: calendar, delivery board, channels', () => {
  let h: WebHarness;
  let hook: WebhookSimulator;
  let wp: WordpressSimulator;
  let channelId: string;

  beforeAll(async () => {
    h = await startWebHarness({ worker: true });
    hook = await startWebhookSimulator();
    wp = await startWordpressSimulator({ username: 'loa-bot', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' });
    channelId = await createWebhookChannel(h.t.db, h.t.deps.secrets, { unitId: h.org.provinceId, url: hook.url, secret: hook.secret, name: 'Cổng thông tin Sở Tư pháp' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await hook?.close();
    await wp?.close();
  });

  const authorId = async () => (await h.t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, h.org.emails.editor) }))!.id;
  const board = async (page: Page) => {
    await page.goto(`${h.base}/app/luot-dang`);
    await page.getByRole('heading', { level: 1, name: 'Bảng lượt đăng' }).waitFor();
  };

  it('shows an approved item on the calendar in Vietnam time, coloured by state and theme', { timeout: 90_000 }, async () => {
    const publishAt = new Date(Date.now() + 2 * 3600_000);
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt, title: 'Lịch tiếp công dân tháng này' });
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/lich`);
    // Late in a Vietnam evening, two hours ahead can fall in the next month or week: page there.
    const vn = (d: Date) => new Date(d.getTime() + 7 * 3600_000);
    const monday = (d: Date) => new Date(Date.UTC(vn(d).getUTCFullYear(), vn(d).getUTCMonth(), vn(d).getUTCDate() - ((vn(d).getUTCDay() + 6) % 7))).getTime();
    if (vn(publishAt).getUTCMonth() !== vn(new Date()).getUTCMonth()) await page.getByRole('button', { name: 'Sau' }).click();
    const event = page.locator('.fc-event', { hasText: 'Lịch tiếp công dân tháng này' }).first();
    await event.waitFor();
    expect(await event.textContent()).toContain(stateName.scheduled);
    await h.checkPage(page, 'web/calendar-month');
    await page.getByRole('button', { name: 'Danh sách' }).click();
    if (monday(publishAt) !== monday(new Date())) await page.getByRole('button', { name: 'Sau' }).click();
    await page.locator('.fc-list-event', { hasText: 'Lịch tiếp công dân tháng này' }).waitFor();
    await h.checkPage(page, 'web/calendar-list');
  });

  it('lists an item due at 23:30 on its own day only, not on the next one too', { timeout: 90_000 }, async () => {
    // 23:30 Vietnam time tomorrow (Monday instead when tomorrow is a Sunday: the day after then is in the same week).
    const vnNow = new Date(Date.now() + 7 * 3600_000);
    const day = new Date(Date.UTC(vnNow.getUTCFullYear(), vnNow.getUTCMonth(), vnNow.getUTCDate() + 1));
    if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() + 1);
    const publishAt = new Date(day.getTime() + (23 * 60 + 30) * 60_000 - 7 * 3600_000);
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt, title: 'Tọa đàm buổi tối' });
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/lich`);
    await page.getByRole('button', { name: 'Danh sách' }).click();
    const monday = (d: Date) => Math.floor((d.getTime() + 7 * 3600_000 - 4 * 86_400_000) / (7 * 86_400_000));
    if (monday(publishAt) !== monday(new Date())) await page.getByRole('button', { name: 'Sau' }).click();
    const rows = page.locator('.fc-list-event', { hasText: 'Tọa đàm buổi tối' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('23:30');
  });

  it('shows `published` live on the board when a delivery goes out, without reloading', { timeout: 90_000 }, async () => {
    const { deliveryIds } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: new Date(Date.now() + 3600_000), title: 'Tuyên truyền phòng chống ma tuý' });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await board(page);
    const row = boardRows(page, 'Tuyên truyền phòng chống ma tuý');
    await expect.poll(() => row.locator('[data-state]').textContent()).toBe(stateName.scheduled);
    await h.checkPage(page, 'web/board');
    // Someone else publishes it now, from another session: this page only listens.
    const approver = await login(h.t.app, h.org.emails.approver);
    expect((await approver.request('POST', `/api/v1/deliveries/${deliveryIds[0]}/publish-now`)).statusCode).toBe(200);
    await expect.poll(() => row.locator('[data-state]').textContent(), { timeout: 20_000 }).toBe(stateName.published);
    expect(await row.getByRole('button', { name: 'Gỡ bài' }).isVisible()).toBe(true);
  });

  it('shows a simulator fault with its Vietnamese reason, and "retry" publishes it (keyboard only)', { timeout: 90_000 }, async () => {
    hook.failNext({ status: 400 });
    const { deliveryIds } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: new Date(), title: 'Cảnh báo lừa đảo qua mạng' });
    await waitForState(h.t.db, deliveryIds[0]!, 'failed', 30_000);
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await board(page);
    const row = boardRows(page, 'Cảnh báo lừa đảo qua mạng');
    await expect.poll(() => row.locator('[data-state]').textContent()).toBe(stateName.failed);
    const reason = await row.locator('[data-reason]').textContent();
    expect(reason).toMatch(/400/);
    expect(reason).toMatch(/[^\x00-\x7F]/);
    await row.getByRole('button', { name: '1 lần thử' }).click();
    await row.page().getByRole('table', { name: 'Các lần thử' }).waitFor();
    await h.checkPage(page, 'web/board-failed');

    const retry = row.getByRole('button', { name: 'Thử lại' });
    await retry.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Thử lại' });
    await dialog.waitFor();
    // Escape closes it and the keyboard is back on the action, not at the top of the page.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => retry.evaluate((el) => el === document.activeElement), settle).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await h.checkPage(page, 'web/board-confirm-retry');
    await dialog.getByRole('button', { name: 'Thử lại' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row.locator('[data-state]').textContent(), { timeout: 20_000 }).toBe(stateName.published);
  });

  it('says when the board shows one item only, and leads back to every item', { timeout: 90_000 }, async () => {
    const later = new Date(Date.now() + 3 * 3600_000);
    const one = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: later, title: 'Bài lọc riêng trên bảng' });
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: later, title: 'Bài khác trên bảng' });
    const [first] = await h.t.db.select({ itemId: deliveries.itemId }).from(deliveries).where(eq(deliveries.id, one.deliveryIds[0]!));
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/luot-dang?item=${first!.itemId}`);
    await page.getByRole('heading', { level: 2, name: 'Bài lọc riêng trên bảng' }).waitFor();
    await page.getByText('Chỉ hiện các lượt đăng của một bài.').waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Bài khác trên bảng' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Xem mọi bài' }).click();
    await page.getByRole('heading', { level: 2, name: 'Bài khác trên bảng' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByText('Chỉ hiện các lượt đăng của một bài.').count()).toBe(0);
  });

  it('lets an admin create a WordPress channel only after the connection test passes', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await page.goto(`${h.base}/app/kenh`);
    await page.getByRole('heading', { level: 1, name: 'Kênh đăng' }).waitFor();
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Thêm kênh' }) });
    // Tested before the unit is chosen: the field says so in words, never by a JSON pointer (/unitId).
    await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    const unitError = form.locator('.mantine-Select-root').filter({ has: page.getByLabel(/^Đơn vị/) }).locator('[id$="-error"]');
    await expect.poll(() => unitError.textContent()).toBe('Chưa chọn');
    await form.getByLabel(/^Đơn vị/).click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await form.getByLabel('Tên kênh').fill('Cổng thông tin Công an tỉnh');
    await form.getByLabel('Địa chỉ trang WordPress').fill(wp.baseUrl);
    await form.getByLabel('Tên đăng nhập WordPress').fill('loa-bot');
    await form.getByLabel('Mật khẩu ứng dụng (Application Password)').fill('sai-mat-khau');
    await form.getByLabel('Máy chủ trong mạng nội bộ (cho phép địa chỉ nội bộ)').check();
    expect(await form.getByRole('button', { name: 'Lưu kênh' }).isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    // The refusal shows under the password field, and saving stays impossible.
    await expect.poll(async () => (await form.locator('[id$="-error"]').allTextContents()).join(' ')).toMatch(/\S/);
    expect(await form.getByRole('button', { name: 'Lưu kênh' }).isDisabled()).toBe(true);
    await h.checkPage(page, 'web/channels-test-failed');

    await form.getByLabel('Mật khẩu ứng dụng (Application Password)').fill('abcd EFGH 1234 ijkl MNOP 5678');
    await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await form.getByText('Kết nối được: loa-bot (editor).').waitFor();
    await form.getByRole('button', { name: 'Lưu kênh' }).click();
    await form.getByText('Đã tạo kênh "Cổng thông tin Công an tỉnh".').waitFor();
    await page.getByRole('table', { name: 'Kênh đăng' }).getByText('Cổng thông tin Công an tỉnh').waitFor();
    await h.checkPage(page, 'web/channels');
    const saved = await h.t.db.select().from(channels);
    expect(saved.map((c) => c.name)).toContain('Cổng thông tin Công an tỉnh');
  });

  it('creates a tracked link for a poster from the board, with its QR code to download', { timeout: 90_000 }, async () => {
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: new Date(Date.now() + 3600_000), title: 'Áp phích phòng chống tội phạm' });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await board(page);
    await page.locator('section', { has: page.getByRole('heading', { name: 'Áp phích phòng chống tội phạm' }) }).getByRole('link', { name: 'Liên kết và mã QR' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liên kết theo dõi và mã QR' }).waitFor();
    // Sent empty: the field says so in words, never by a JSON pointer (/label).
    await page.getByRole('button', { name: 'Tạo liên kết' }).click();
    const labelError = page.locator('.mantine-TextInput-root').filter({ has: page.getByLabel(/^Nơi in hoặc dán/) }).locator('[id$="-error"]');
    await expect.poll(() => labelError.textContent()).toBe('Không được để trống');
    await page.getByLabel(/^Nơi in hoặc dán/).fill('Áp phích trụ sở UBND xã');
    await page.getByRole('button', { name: 'Tạo liên kết' }).click();
    const table = page.getByRole('table', { name: 'Liên kết theo dõi và mã QR' });
    await table.getByText('Áp phích trụ sở UBND xã').waitFor();
    expect(await table.getByRole('button', { name: '0 lượt nhấp' }).isVisible()).toBe(true);
    const png = await page.request.get(`${h.base}${await table.getByRole('link', { name: 'Tải PNG' }).getAttribute('href')}`);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    await h.checkPage(page, 'web/links');
  });

  it('makes a poster link on a 360px phone: the form stacks, an empty list says so, the page never scrolls sideways; an unknown item is said so', { timeout: 90_000 }, async () => {
    const { revisionId } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: new Date(Date.now() + 3600_000), title: 'Tờ rơi phòng chống lừa đảo qua mạng' });
    const [{ itemId }] = (await h.t.db.select({ itemId: revisions.itemId }).from(revisions).where(eq(revisions.id, revisionId))) as [{ itemId: string }];
    const page = await h.newPage({ ...PHONE, viewport: { width: 360, height: 740 } });
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/lien-ket?item=${itemId}`);
    await page.getByText('Bài này chưa có liên kết nào.').waitFor();
    // One field above the other, each the card's full width, not two squeezed columns.
    const where = (await page.getByLabel(/^Nơi in hoặc dán/).boundingBox())!;
    const target = (await page.getByLabel('Địa chỉ đích (không bắt buộc)').boundingBox())!;
    expect(target.y).toBeGreaterThan(where.y + where.height);
    expect(where.width).toBeGreaterThan(250);
    await page.getByLabel(/^Nơi in hoặc dán/).fill('Áp phích trụ sở UBND xã Phước Lộc');
    await page.getByRole('button', { name: 'Tạo liên kết' }).tap();
    await page.getByRole('table', { name: 'Liên kết theo dõi và mã QR' }).getByText('Áp phích trụ sở UBND xã Phước Lộc').waitFor();
    expect(await page.getByText('Bài này chưa có liên kết nào.').count()).toBe(0);
    // The short address and the QR downloads scroll inside the table; the page stays 360px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await h.checkPage(page, 'web/links-phone');

    // An address naming no item says so, instead of a form whose every link would be refused.
    await page.goto(`${h.base}/app/lien-ket?item=00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Tạo liên kết' }).count()).toBe(0);
  });

  it('stacks each delivery on a phone with its actions on screen and full-size: "publish now" publishes it', { timeout: 90_000 }, async () => {
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt: new Date(Date.now() + 3600_000), title: 'Thông báo lịch trực Tết của công an xã' });
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'editor');
    await board(page);
    const block = boardRows(page, 'Thông báo lịch trực Tết của công an xã');
    await expect.poll(() => block.locator('[data-state]').textContent()).toBe(stateName.scheduled);
    for (const name of ['Đăng ngay', 'Đổi giờ', 'Huỷ']) expect(await block.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
    await expectTappable(page, block);
    await h.checkPage(page, 'web/board-phone');

    await block.getByRole('button', { name: 'Đăng ngay', exact: true }).tap();
    // Confirmed twice in one task (a double tap): sent once, and no refusal of the second in red.
    const sent: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/publish-now') && sent.push(r));
    const dialog = page.getByRole('dialog', { name: 'Đăng ngay' });
    await dialog.getByRole('button', { name: 'Đăng ngay' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await dialog.waitFor({ state: 'hidden' });
    await Promise.all(sent.map((r) => r.response()));
    expect(sent).toHaveLength(1);
    await expect.poll(() => block.locator('[data-state]').textContent(), { timeout: 20_000 }).toBe(stateName.published);
  });

  it('takes a new time typed as dd/mm/yyyy HH:mm in Vietnam time; a day picked in the calendar keeps the time typed', { timeout: 90_000 }, async () => {
    const publishAt = new Date(Date.now() + 3600_000);
    const title = 'Lịch tiếp dân của công an xã tháng tới';
    const { revisionId } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: await authorId(), channelIds: [channelId], publishAt, title, theme: 'policy' });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await board(page);
    await boardRows(page, title).getByRole('button', { name: 'Đổi giờ', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Đổi giờ' });
    const label = 'Giờ đăng mới (giờ Việt Nam)';
    expect(await dialog.getByRole('textbox', { name: label }).inputValue()).toBe(formatDateTime(publishAt));
    // Next month (in Vietnam), the 10th at 19:30 typed, then the 12th picked.
    const vn = new Date(Date.now() + 7 * 3600_000);
    const month = (vn.getUTCMonth() + 1) % 12 + 1;
    const year = vn.getUTCFullYear() + (month === 1 ? 1 : 0);
    const mm = String(month).padStart(2, '0');
    // A month that does not exist stays as typed, says how to type it, and the dialog refuses to send it.
    await typeDate(page, label, `10/13/${year} 19:30`);
    expect(await dialog.getByRole('textbox', { name: label }).inputValue()).toBe(`10/13/${year} 19:30`);
    await dialog.getByText('Nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 19:00').waitFor();
    await dialog.getByRole('button', { name: 'Đổi giờ' }).click();
    expect(await dialog.getByRole('textbox', { name: label }).evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    const [typed] = await h.t.db.select().from(revisions).where(eq(revisions.id, revisionId));
    expect(await h.t.db.select().from(revisions).where(eq(revisions.itemId, typed!.itemId))).toHaveLength(1);
    await typeDate(page, label, `10/${mm}/${year} 19:30`);
    expect(await dialog.getByText('Nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 19:00').count()).toBe(0);
    await pickDate(page, label, `12 tháng ${month} ${year}`);
    expect(await dialog.getByRole('textbox', { name: label }).inputValue()).toBe(`12/${mm}/${year} 19:30`);
    await h.checkPage(page, 'web/board-reschedule');
    await dialog.getByRole('button', { name: 'Đổi giờ' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Đã gửi phiên bản 2 với giờ mới để duyệt.' }).waitFor();
    const [first] = await h.t.db.select().from(revisions).where(eq(revisions.id, revisionId));
    const [second] = await h.t.db.select().from(revisions).where(and(eq(revisions.itemId, first!.itemId), eq(revisions.number, 2)));
    const [target] = await h.t.db.select().from(revisionTargets).where(eq(revisionTargets.revisionId, second!.id));
    expect(target!.publishAt!.toISOString()).toBe(new Date(`${year}-${mm}-12T19:30:00+07:00`).toISOString());
  });
});
