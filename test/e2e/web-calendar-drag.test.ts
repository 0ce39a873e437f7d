import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentItems, deliveries, revisions } from '../../db/schema/index.ts';
import { approveForChannels, createWebhookChannel } from '../delivery-fixtures.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

const DAY_MS = 86_400_000;
/** A Vietnam calendar day (YYYY-MM-DD) `days` after today's, and that day's `hour`:00 Vietnam time as an instant. */
const vnDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * DAY_MS).toISOString().slice(0, 10);
const vnAt = (days: number, hour: number) => new Date(`${vnDay(days)}T${String(hour).padStart(2, '0')}:00:00+07:00`);

/**
 * Dragging a delivery on the calendar (core/deliveries/reschedule.ts): an approver's drop
 * moves it; an editor's drop starts a new revision for approval and the delivery stays at
 * its approved time; a drop past the approval's expiry is refused with the server's reason
 * and the event goes back where it was.
 */
describe('web app: calendar drag to reschedule', () => {
  let h: WebHarness;
  let channelId: string;
  let editorId: string;

  beforeAll(async () => {
    h = await startWebHarness();
    channelId = await createWebhookChannel(h.t.db, h.t.deps.secrets, { unitId: h.org.provinceId, url: 'https://hook.example.vn/loa', secret: 'whsec_' + 'b'.repeat(44), name: 'Cổng tỉnh' });
    editorId = h.org.userIds.editor;
  }, 60_000);
  afterAll(() => h?.close());

  async function openMonthOf(page: Page, day: string) {
    await page.goto(`${h.base}/app/lich`);
    await page.getByRole('heading', { level: 1, name: 'Lịch đăng' }).waitFor();
    if (day.slice(0, 7) !== vnDay(0).slice(0, 7)) await page.getByRole('button', { name: 'Sau' }).click();
  }

  /** Drags the event titled `title` onto the day cell `day` of the month grid, as a mouse would. */
  async function drag(page: Page, title: string, day: string) {
    const event = page.locator('.fc-daygrid-event', { hasText: title }).first();
    await event.waitFor();
    const from = (await event.boundingBox())!;
    const to = (await page.locator(`td.fc-daygrid-day[data-date="${day}"]`).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 5, from.y + from.height / 2 + 5, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await page.mouse.up();
  }

  const dueOf = async (id: string) => (await h.t.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!.dueAt;
  const cellOf = (page: Page, title: string) => page.locator('td.fc-daygrid-day', { has: page.locator('.fc-daygrid-event', { hasText: title }) });

  it("moves an approver's drop to the new day at the same Vietnam time", { timeout: 90_000 }, async () => {
    const { deliveryIds } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: editorId, channelIds: [channelId], publishAt: vnAt(1, 10), title: 'Lịch tiếp dân tuần tới' });
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await openMonthOf(page, vnDay(1));
    await drag(page, 'Lịch tiếp dân tuần tới', vnDay(2));
    await page.getByRole('status').filter({ hasText: `Đã đổi giờ đăng sang ${vnDay(2).split('-').reverse().join('/')} 10:00.` }).waitFor();
    expect(await dueOf(deliveryIds[0]!)).toEqual(vnAt(2, 10));
    await expect.poll(() => cellOf(page, 'Lịch tiếp dân tuần tới').getAttribute('data-date')).toBe(vnDay(2));
    await h.checkPage(page, 'web/calendar-moved');
  });

  it("turns an editor's drop into a new revision for approval; the delivery stays at its approved time", { timeout: 90_000 }, async () => {
    const { deliveryIds } = await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: editorId, channelIds: [channelId], publishAt: vnAt(1, 9), title: 'Cảnh giác lừa đảo qua điện thoại', theme: 'warning' });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await openMonthOf(page, vnDay(1));
    await drag(page, 'Cảnh giác lừa đảo qua điện thoại', vnDay(3));
    await page.getByRole('status').filter({ hasText: /Đã gửi phiên bản 2 với giờ mới để duyệt/ }).waitFor();
    expect(await dueOf(deliveryIds[0]!)).toEqual(vnAt(1, 9));
    await expect.poll(() => cellOf(page, 'Cảnh giác lừa đảo qua điện thoại').first().getAttribute('data-date')).toBe(vnDay(1));
    const [delivery] = await h.t.db.select().from(deliveries).where(eq(deliveries.id, deliveryIds[0]!));
    const latest = await h.t.db.query.revisions.findMany({ where: eq(revisions.itemId, delivery!.itemId), orderBy: (r, { desc }) => [desc(r.number)] });
    expect(latest[0]).toMatchObject({ number: 2, state: 'in_review' });
    await h.checkPage(page, 'web/calendar-revision');
  });

  it("refuses a drop past the approval's expiry with the server's reason, and the event snaps back", { timeout: 90_000 }, async () => {
    const { deliveryIds } = await approveForChannels(h.t.db, {
      unitId: h.org.provinceId,
      authorId: editorId,
      channelIds: [channelId],
      publishAt: vnAt(1, 8),
      expiresAt: vnAt(1, 20),
      title: 'Thông báo cắt điện cuối tuần',
    });
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await openMonthOf(page, vnDay(1));
    await drag(page, 'Thông báo cắt điện cuối tuần', vnDay(2));
    await page.getByRole('alert').filter({ hasText: 'Giờ đăng mới sau thời điểm hết hạn của bản duyệt' }).waitFor();
    await expect.poll(() => cellOf(page, 'Thông báo cắt điện cuối tuần').getAttribute('data-date')).toBe(vnDay(1));
    expect(await dueOf(deliveryIds[0]!)).toEqual(vnAt(1, 8));
    expect((await h.t.db.select().from(contentItems)).length).toBeGreaterThan(0);
    await h.checkPage(page, 'web/calendar-refused');
  });

  it('titles the month and the week with a capital letter, like every other heading (the Vietnamese month names are lowercase)', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'viewer');
    await page.goto(`${h.base}/app/lich`);
    const [year, month] = vnDay(0).split('-');
    await page.getByRole('heading', { level: 2, name: `Tháng ${Number(month)} năm ${year}`, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tuần' }).click();
    // The week's title keeps FullCalendar's own format; only its first letter would change.
    await page.getByRole('heading', { level: 2, name: new RegExp(`^\\d+.*${year}$`) }).waitFor();
    await page.close();
  });

  it('opens on a phone as the week list, its toolbar within the screen and its title on one line', { timeout: 90_000 }, async () => {
    await approveForChannels(h.t.db, { unitId: h.org.provinceId, authorId: editorId, channelIds: [channelId], publishAt: vnAt(0, 23), title: 'Lịch trên điện thoại' });
    const page = await h.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/lich`);
    await page.locator('.fc-list-event', { hasText: 'Lịch trên điện thoại' }).waitFor();
    const toolbar = await page.locator('.fc-header-toolbar').evaluate((el) => ({ right: el.getBoundingClientRect().right, width: el.scrollWidth, client: el.clientWidth }));
    expect(toolbar.right).toBeLessThanOrEqual(360);
    expect(toolbar.width).toBeLessThanOrEqual(toolbar.client);
    const title = await page.locator('.fc-toolbar-title').evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '0'));
    expect(title).toBeLessThan(1.5);
    await h.checkPage(page, 'web/calendar-phone');
  });
});

