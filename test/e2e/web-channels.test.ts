import { eq } from 'drizzle-orm';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials, sealCredentials } from '../../core/channels/credentials.ts';
import { channelSetMembers, channelSets, channels } from '../../db/schema/index.ts';
import { createWebhookChannel } from '../delivery-fixtures.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { expectTappable, PHONE } from './web-steps.ts';

/** The channels screen in a real browser: actions as the server's `can` flags allow, pause/resume confirmed, reconnect from the banner. */
describe('web app: channels', () => {
  let h: WebHarness;
  let hookId: string;

  beforeAll(async () => {
    h = await startWebHarness();
    hookId = await createWebhookChannel(h.t.db, h.t.deps.secrets, { unitId: h.org.provinceId, url: 'https://hook.example.vn/loa', secret: 'whsec_' + 'a'.repeat(44), name: 'Cổng thông tin Sở Tư pháp' });
  }, 60_000);
  afterAll(() => h?.close());

  const channelsPage = async (page: Page) => {
    await page.goto(`${h.base}/app/kenh`);
    await page.getByRole('heading', { level: 1, name: 'Kênh đăng' }).waitFor();
    return page.getByRole('table', { name: 'Kênh đăng' });
  };
  const rowOf = (page: Page, id: string) => page.locator(`tr[data-channel="${id}"]`);

  it('pauses a channel only after a confirmation with a reason, and resumes it after another', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await channelsPage(page);
    const row = rowOf(page, hookId);
    await row.getByRole('button', { name: 'Tạm dừng' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tạm dừng kênh "Cổng thông tin Sở Tư pháp"' });
    await dialog.getByRole('button', { name: 'Xác nhận tạm dừng' }).click();
    // The server's refusal shows under the reason field; nothing is paused.
    await expect.poll(async () => (await dialog.locator('[id$="-error"]').allTextContents()).join(' ')).toMatch(/\S/);
    await h.checkPage(page, 'web/channels-pause');
    await dialog.getByLabel('Lý do tạm dừng').fill('Cổng đang bảo trì');
    await dialog.getByRole('button', { name: 'Xác nhận tạm dừng' }).click();
    await row.getByText('Tạm dừng: Cổng đang bảo trì').waitFor();
    expect((await h.t.db.select().from(channels).where(eq(channels.id, hookId)))[0]).toMatchObject({ paused: true, pauseReason: 'Cổng đang bảo trì' });

    await row.getByRole('button', { name: 'Tiếp tục đăng' }).click();
    await page.getByRole('dialog', { name: 'Tiếp tục đăng lên "Cổng thông tin Sở Tư pháp"?' }).getByRole('button', { name: 'Tiếp tục đăng' }).click();
    await row.getByRole('button', { name: 'Tạm dừng' }).waitFor();
    expect((await h.t.db.select().from(channels).where(eq(channels.id, hookId)))[0]!.paused).toBe(false);
  });

  it('shows a reader no action the server would refuse', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    const table = await channelsPage(page);
    await rowOf(page, hookId).getByText('Cổng thông tin Sở Tư pháp').waitFor();
    expect(await table.getByRole('button').count()).toBe(0);
    await h.checkPage(page, 'web/channels-reader');
  });

  it('says why a WordPress channel stopped and reconnects it from the needs-reconnect banner by entering its password again', { timeout: 90_000 }, async () => {
    const reconnectReason = { vi: 'Nền tảng từ chối thông tin xác thực (HTTP_401): mật khẩu ứng dụng đã bị thu hồi.', en: 'The platform refused the credentials (HTTP_401).' };
    const [wp] = await h.t.db
      .insert(channels)
      .values({ unitId: h.org.provinceId, platform: 'wordpress', name: 'Trang WordPress Công an tỉnh', status: 'needs_reconnect', reconnectReason, settings: { baseUrl: 'https://congan.example.vn' } })
      .returning({ id: channels.id });
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await channelsPage(page);
    const banner = page.getByRole('alert').filter({ hasText: 'Trang WordPress Công an tỉnh' });
    await banner.getByText(reconnectReason.vi).waitFor();
    await banner.getByRole('button', { name: 'Kết nối lại ngay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhập lại thông tin xác thực của "Trang WordPress Công an tỉnh"' });
    await dialog.getByLabel('Tên đăng nhập WordPress').fill('loa-bot');
    await dialog.getByLabel('Mật khẩu ứng dụng (Application Password)').fill('abcd EFGH 1234 ijkl MNOP 5678');
    await h.checkPage(page, 'web/channels-reconnect-form');
    await dialog.getByRole('button', { name: 'Lưu và kết nối lại' }).click();
    await banner.waitFor({ state: 'detached' });
    const [after] = await h.t.db.select().from(channels).where(eq(channels.id, wp!.id));
    expect(after!.status).toBe('connected');
    expect(openCredentials(h.t.deps.secrets, after!.credentialsSealed)).toEqual({ username: 'loa-bot', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' });
  });

  it('warns ahead that a Facebook Page\'s video permission runs out, with the way to reconnect it', { timeout: 90_000 }, async () => {
    const [fb] = await h.t.db
      .insert(channels)
      .values({
        unitId: h.org.provinceId,
        platform: 'facebook_page',
        name: 'Fanpage Công an tỉnh',
        settings: { pageId: '1234567890', appId: '555' },
        credentialsSealed: sealCredentials(h.t.deps.secrets, { pageAccessToken: 'EAAB-page', userAccessToken: 'EAAB-user' }),
        credentialsExpiresAt: new Date(Date.now() + 5 * 86_400_000),
      })
      .returning({ id: channels.id });
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await channelsPage(page);
    const banner = page.getByRole('alert').filter({ hasText: 'Fanpage Công an tỉnh' });
    await banner.getByText(/^Quyền đăng video trên Fanpage hết hạn ngày \d\d\/\d\d\/\d{4}: kết nối lại Fanpage trước ngày đó để tiếp tục đăng video$/).waitFor();
    expect(await banner.getByRole('link', { name: 'Kết nối lại' }).getAttribute('href')).toBe(`/api/v1/oauth/facebook/start?channelId=${fb!.id}`);
    // The row's own expiry line says what runs out: video posting, not the Page's access.
    const row = page.getByRole('row').filter({ hasText: 'Fanpage Công an tỉnh' });
    await row.getByText(/^Quyền đăng video hết hạn .+ \(bài chữ, ảnh vẫn đăng được\)$/).waitFor();
    expect(await row.getByText(/Quyền truy cập hết hạn/).count()).toBe(0);
    await h.t.db.delete(channels).where(eq(channels.id, fb!.id));
  });

  it('groups channels into a set, renames it, changes its channels, offers it in the composer, deletes it', { timeout: 120_000 }, async () => {
    const groupId = (
      await h.t.db.insert(channels).values({ unitId: h.org.communeId, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Đông', memberCount: 120 }).returning({ id: channels.id })
    )[0]!.id;
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await page.getByRole('link', { name: 'Nhóm kênh' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhóm kênh' }).waitFor();
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Thêm nhóm kênh' }) });
    await form.getByLabel(/^Đơn vị/).click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await form.getByLabel(/^Tên nhóm kênh/).fill('Kênh toàn tỉnh');
    await form.getByLabel('Các kênh trong nhóm').click();
    await page.getByRole('option', { name: /^Cổng thông tin Sở Tư pháp/ }).click();
    await page.getByRole('option', { name: /^Nhóm Zalo thôn Đông/ }).click();
    await page.keyboard.press('Escape');
    // Clicked twice in one task, as a bouncing mouse on a slow office PC does: one set is made.
    const creates: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/channel-sets' && creates.push(r));
    await form.getByRole('button', { name: 'Tạo nhóm kênh' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    const table = page.getByRole('table', { name: 'Nhóm kênh' });
    await table.getByText('Cổng thông tin Sở Tư pháp, Nhóm Zalo thôn Đông').waitFor();
    await Promise.all(creates.map((r) => r.response()));
    expect(creates).toHaveLength(1);
    expect(await h.t.db.query.channelSets.findMany()).toHaveLength(1);
    await h.checkPage(page, 'web/channel-sets');

    await table.getByRole('button', { name: 'Sửa nhóm kênh "Kênh toàn tỉnh"' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa nhóm kênh "Kênh toàn tỉnh"' });
    await dialog.getByLabel(/^Tên nhóm kênh/).fill('Nhóm Zalo các xã');
    await dialog.getByLabel('Các kênh trong nhóm').click();
    await page.getByRole('option', { name: /^Cổng thông tin Sở Tư pháp/ }).click();
    await dialog.getByLabel(/^Tên nhóm kênh/).click();
    await h.checkPage(page, 'web/channel-sets-edit');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await table.getByRole('cell', { name: 'Nhóm Zalo các xã', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'Nhóm Zalo thôn Đông', exact: true }).waitFor();
    const [set] = await h.t.db.query.channelSets.findMany();
    expect(set!.name).toBe('Nhóm Zalo các xã');
    expect((await h.t.db.query.channelSetMembers.findMany()).map((m) => m.channelId)).toEqual([groupId]);

    await page.goto(`${h.base}/app/bai-viet/moi`);
    await page.getByRole('combobox', { name: 'Nhóm kênh' }).click();
    await page.getByRole('option', { name: 'Nhóm Zalo các xã' }).waitFor();

    await page.goto(`${h.base}/app/kenh/nhom`);
    await table.getByRole('button', { name: 'Xoá' }).click();
    await page.getByRole('dialog', { name: 'Xoá nhóm kênh "Nhóm Zalo các xã"?' }).getByRole('button', { name: 'Xoá' }).click();
    await page.getByText('Chưa có nhóm kênh nào.').waitFor();
    expect(await h.t.db.query.channels.findFirst({ where: (c, { eq }) => eq(c.id, groupId) })).toBeTruthy();
  });

  it("edits a commune's manual Zalo group: its name, member count and the officers who post there, then moves it to another unit", { timeout: 90_000 }, async () => {
    const [group] = await h.t.db
      .insert(channels)
      .values({ unitId: h.org.communeId, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Tây', memberCount: 40 })
      .returning({ id: channels.id });
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await channelsPage(page);
    await rowOf(page, group!.id).getByRole('button', { name: 'Sửa nhóm Zalo "Nhóm Zalo thôn Tây"' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sửa nhóm Zalo "Nhóm Zalo thôn Tây"' });
    await expect.poll(() => dialog.getByLabel(/^Xã \(đơn vị\) của nhóm/).inputValue()).toBe('Công an xã Hướng Thiện');
    await dialog.getByLabel(/^Tên kênh/).fill('Nhóm Zalo thôn Tây Hướng Thiện');
    await dialog.getByLabel('Số thành viên nhóm').fill('65');
    await dialog.getByLabel('Cán bộ xã đăng vào nhóm').click();
    await page.getByRole('option', { name: /canboxa@ca\.vn/ }).click();
    await dialog.getByLabel(/^Tên kênh/).click();
    await h.checkPage(page, 'web/channels-manual-group');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await rowOf(page, group!.id).getByText('Nhóm Zalo thôn Tây Hướng Thiện').waitFor();
    const [after] = await h.t.db.select().from(channels).where(eq(channels.id, group!.id));
    expect(after).toMatchObject({ name: 'Nhóm Zalo thôn Tây Hướng Thiện', memberCount: 65 });
    expect((await h.t.db.query.channelOfficers.findMany()).map((o) => o.userId)).toEqual([h.org.userIds.commune_officer]);

    // Moved to the province: the commune's officer stops posting there (the server lets them go).
    await rowOf(page, group!.id).getByRole('button', { name: 'Sửa nhóm Zalo "Nhóm Zalo thôn Tây Hướng Thiện"' }).click();
    const again = page.getByRole('dialog', { name: 'Sửa nhóm Zalo "Nhóm Zalo thôn Tây Hướng Thiện"' });
    await again.getByLabel(/^Xã \(đơn vị\) của nhóm/).click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await again.getByText('Chuyển sang xã khác: cán bộ không thuộc xã mới sẽ thôi đăng vào nhóm.', { exact: false }).waitFor();
    await again.getByRole('button', { name: 'Lưu' }).click();
    await again.waitFor({ state: 'hidden' });
    const [moved] = await h.t.db.select().from(channels).where(eq(channels.id, group!.id));
    expect(moved!.unitId).toBe(h.org.provinceId);
    expect(await h.t.db.query.channelOfficers.findMany()).toEqual([]);
  });
});

/** The channels and channel sets screens on a commune officer's or a manager's phone: blocks, not tables that scroll sideways. */
describe('web app: channels on a phone', () => {
  let h: WebHarness;
  let hookId: string;

  beforeAll(async () => {
    h = await startWebHarness();
    hookId = await createWebhookChannel(h.t.db, h.t.deps.secrets, { unitId: h.org.provinceId, url: 'https://hook.example.vn/loa', secret: 'whsec_' + 'a'.repeat(44), name: 'Cổng thông tin Sở Tư pháp' });
  }, 60_000);
  afterAll(() => h?.close());

  it('stacks channels and channel sets on a phone with their actions on screen and full-size: pause, resume and delete work', { timeout: 120_000 }, async () => {
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'admin');
    await page.goto(`${h.base}/app/kenh`);
    const block = page.getByRole('list', { name: 'Kênh đăng' }).locator(`[data-channel="${hookId}"]`);
    await block.getByRole('button', { name: 'Tạm dừng' }).waitFor();
    await expectTappable(page, block);
    await h.checkPage(page, 'web/channels-phone');
    await block.getByRole('button', { name: 'Tạm dừng' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Tạm dừng kênh "Cổng thông tin Sở Tư pháp"' });
    await dialog.getByLabel('Lý do tạm dừng').fill('Đổi máy chủ');
    await dialog.getByRole('button', { name: 'Xác nhận tạm dừng' }).tap();
    await block.getByText('Tạm dừng: Đổi máy chủ').waitFor();
    await expectTappable(page, block);
    await block.getByRole('button', { name: 'Tiếp tục đăng' }).tap();
    await page.getByRole('dialog', { name: 'Tiếp tục đăng lên "Cổng thông tin Sở Tư pháp"?' }).getByRole('button', { name: 'Tiếp tục đăng' }).tap();
    await block.getByRole('button', { name: 'Tạm dừng' }).waitFor();
    expect((await h.t.db.select().from(channels).where(eq(channels.id, hookId)))[0]!.paused).toBe(false);

    const [set] = await h.t.db.insert(channelSets).values({ unitId: h.org.provinceId, name: 'Các cổng thông tin của tỉnh' }).returning({ id: channelSets.id });
    await h.t.db.insert(channelSetMembers).values({ setId: set!.id, channelId: hookId });
    await page.goto(`${h.base}/app/kenh/nhom`);
    const setBlock = page.getByRole('list', { name: 'Nhóm kênh' }).locator(`[data-channel-set="${set!.id}"]`);
    await setBlock.getByRole('button', { name: 'Xoá' }).waitFor();
    await expectTappable(page, setBlock);
    await h.checkPage(page, 'web/channel-sets-phone');
    await setBlock.getByRole('button', { name: 'Xoá' }).tap();
    await page.getByRole('dialog', { name: 'Xoá nhóm kênh "Các cổng thông tin của tỉnh"?' }).getByRole('button', { name: 'Xoá' }).tap();
    await setBlock.waitFor({ state: 'detached' });
    expect(await h.t.db.query.channelSets.findMany()).toEqual([]);
  });
});
