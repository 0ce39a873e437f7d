import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../connectors/facebook/simulator.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import { channels } from '../../db/schema/index.ts';
import { fakeMp4, jpeg } from '../../server/routes/media/test-files.ts';
import vi from '../../web/i18n/vi.json' with { type: 'json' };
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { boardRows, choose, settle, uploadPhoto, uploadVideoCutHalfway } from './web-steps.ts';

const WP_USER = 'loa-doi-tuyen-truyen';
const WP_PASSWORD = 'abcd EFGH 1234 ijkl MNOP 5678';
const FB_APP_SECRET = 'app-secret-doi-tuyen-truyen';
const UNIT = 'Đội Tuyên truyền phòng chống tội phạm';
const EDITOR = { email: 'bientap.doi@ca.vn', name: 'Lê Thị Biên Tập', password: 'mat-khau-ban-dau-123' };
const TITLE = 'Ngày hội tái hòa nhập cộng đồng tại xã Hướng Thiện';
const state = vi.deliveryStates;
/** Publishing goes through the worker and the simulators on a shared machine: allow for it. */
const published = { timeout: 90_000, interval: 250 };

/**
 * The whole day of the web app in one journey, every step through the screens, over real
 * HTTP, real PostgreSQL, a real worker and the platform simulators: the admin sets up a unit,
 * an editor and the channels; the editor writes an item with a photo and a resumed video and
 * submits it; the approver approves it from the diff; the calendar shows it; the board shows
 * it published live, a WordPress fault with its Vietnamese reason, and "retry" publishing it.
 * Only the starting accounts (web-harness.ts), the simulators and the platform addresses of the
 * Facebook and YouTube channels (the form saves the real platforms') are set up outside the app.
 */
describe('web app journey: from an empty organisation to a published item', () => {
  let h: WebHarness;
  let wp: WordpressSimulator;
  let graph: GraphSimulator;
  let youtube: YoutubeSimulator;
  let admin: Page;
  let editor: Page;
  let approver: Page;

  beforeAll(async () => {
    h = await startWebHarness({ worker: true });
    wp = await startWordpressSimulator({ username: WP_USER, applicationPassword: WP_PASSWORD });
    graph = await startGraphSimulator({ pageName: 'Con đường hướng thiện', appSecret: FB_APP_SECRET });
    youtube = await startYoutubeSimulator();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await Promise.all([wp?.close(), graph?.close(), youtube?.close()]);
  });

  it('the admin creates a unit, its editor and its channels: WordPress saved after the connection test, Facebook and YouTube connected on their consent pages', { timeout: 180_000 }, async () => {
    admin = await h.newPage();
    await h.signInAs(admin, 'admin');
    await h.checkPage(admin, 'journey/01-admin-home');

    await admin.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    const unitForm = admin.getByRole('form', { name: 'Thêm đơn vị con' });
    await unitForm.getByLabel('Thuộc đơn vị').click();
    await admin.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await unitForm.getByLabel('Tên đơn vị').fill(UNIT);
    await unitForm.getByRole('button', { name: 'Thêm đơn vị con' }).click();
    await admin.getByRole('cell', { name: UNIT, exact: true }).waitFor();
    await h.checkPage(admin, 'journey/02-admin-units');

    await admin.getByRole('link', { name: 'Người dùng', exact: true }).click();
    await admin.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
    await admin.getByLabel('Email').fill(EDITOR.email);
    await admin.getByLabel('Họ tên').fill(EDITOR.name);
    await admin.getByLabel('Mật khẩu ban đầu').fill(EDITOR.password);
    await admin.getByLabel('Đơn vị *', { exact: true }).first().click();
    await admin.getByRole('option', { name: UNIT }).click();
    await admin.getByRole('button', { name: 'Tạo người dùng' }).click();
    await admin.getByRole('cell', { name: new RegExp(`^${EDITOR.name}`) }).waitFor();
    await h.checkPage(admin, 'journey/03-admin-users');

    // WordPress: "Lưu kênh" stays disabled until the connection test passes with these values.
    await admin.getByRole('link', { name: 'Kênh', exact: true }).click();
    const form = admin.locator('section', { has: admin.getByRole('heading', { name: 'Thêm kênh' }) });
    await form.getByLabel(/^Đơn vị/).click();
    await admin.getByRole('option', { name: UNIT }).click();
    await form.getByLabel('Tên kênh').fill('Báo điện tử Đội Tuyên truyền');
    await form.getByLabel('Địa chỉ trang WordPress').fill(wp.baseUrl);
    await form.getByLabel('Tên đăng nhập WordPress').fill(WP_USER);
    await form.getByLabel('Mật khẩu ứng dụng (Application Password)').fill(WP_PASSWORD);
    await form.getByLabel('Máy chủ trong mạng nội bộ (cho phép địa chỉ nội bộ)').check();
    expect(await form.getByRole('button', { name: 'Lưu kênh' }).isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
    await form.getByText(`Kết nối được: ${WP_USER} (editor).`).waitFor();
    await h.checkPage(admin, 'journey/04-channels-wordpress-tested');
    await form.getByRole('button', { name: 'Lưu kênh' }).click();
    await form.getByText('Đã tạo kênh "Báo điện tử Đội Tuyên truyền".').waitFor();

    // The commune officers' Zalo group, which they post to by hand.
    await form.getByLabel('Loại kênh').click();
    await admin.getByRole('option', { name: vi.platforms.zalo_group_manual }).click();
    await form.getByLabel('Tên kênh').fill('Nhóm Zalo thôn Hướng Thiện');
    await form.getByLabel('Số thành viên nhóm').fill('240');
    await form.getByRole('button', { name: 'Lưu kênh' }).click();
    await form.getByText('Đã tạo kênh "Nhóm Zalo thôn Hướng Thiện".').waitFor();

    // Facebook and YouTube: saved with their app's keys, then connected on the platforms' consent pages.
    await addAppChannel(form, vi.platforms.facebook_page, 'Fanpage Con đường hướng thiện', { [vi.channels.fbAppId]: graph.state.appId, [vi.channels.fbAppSecret]: FB_APP_SECRET });
    await pointAtSimulator('Fanpage Con đường hướng thiện', { graphBaseUrl: graph.baseUrl, dialogBaseUrl: graph.baseUrl });
    await form.getByRole('link', { name: vi.channels.connect, exact: true }).click();
    await admin.waitForURL(`${graph.baseUrl}/**`);
    await admin.getByRole('button', { name: 'Cho phép', exact: true }).click();
    await admin.waitForURL(/\/app\/kenh\/ket-noi\?chon=/);
    await admin.getByRole('radio', { name: `Con đường hướng thiện (${graph.state.pageId})` }).check();
    await h.checkPage(admin, 'journey/05-connect-facebook-choose-page');
    await admin.getByRole('button', { name: vi.connect.confirm, exact: true }).click();
    await admin.getByText('Đã kết nối kênh "Fanpage Con đường hướng thiện"').waitFor();
    await admin.getByRole('link', { name: vi.connect.backToChannels }).click();

    await addAppChannel(form, vi.platforms.youtube_channel, 'Kênh YouTube Con đường hướng thiện', { [vi.channels.ytClientId]: youtube.oauth.clientId, [vi.channels.ytClientSecret]: youtube.oauth.clientSecret });
    await pointAtSimulator('Kênh YouTube Con đường hướng thiện', { apiBaseUrl: youtube.apiBaseUrl, tokenUrl: youtube.tokenUrl, authUrl: youtube.authUrl });
    await form.getByRole('link', { name: vi.channels.connect, exact: true }).click();
    await admin.waitForURL(`${youtube.apiBaseUrl}**`);
    await admin.getByRole('button', { name: 'Cho phép', exact: true }).click();
    await admin.getByText('Đã kết nối kênh "Kênh YouTube Con đường hướng thiện"').waitFor();
    await h.checkPage(admin, 'journey/06-connect-youtube-connected');
    await admin.getByRole('link', { name: vi.connect.backToChannels }).click();

    const list = admin.getByRole('table', { name: 'Kênh đăng' });
    for (const name of ['Báo điện tử Đội Tuyên truyền', 'Nhóm Zalo thôn Hướng Thiện', 'Fanpage Con đường hướng thiện', 'Kênh YouTube Con đường hướng thiện']) {
      await list.getByRole('row', { name: new RegExp(name) }).getByText(vi.channelStatus.connected).waitFor();
    }
    expect(await admin.getByRole('alert').count()).toBe(0);
    await h.checkPage(admin, 'journey/07-channels');
  });

  /** Fills and saves the "Thêm kênh" form for a channel that connects by the platform's consent page. */
  async function addAppChannel(form: Locator, kind: string, name: string, keys: Record<string, string>) {
    await form.getByLabel('Loại kênh').click();
    await admin.getByRole('option', { name: kind }).click();
    const unit = form.getByLabel(/^Đơn vị/);
    if ((await unit.inputValue()) !== UNIT) {
      await unit.click();
      await admin.getByRole('option', { name: UNIT }).click();
    }
    await form.getByLabel('Tên kênh').fill(name);
    for (const [label, value] of Object.entries(keys)) await form.getByLabel(label).fill(value);
    await form.getByLabel(vi.channels.intranet).check();
    await form.getByRole('button', { name: 'Lưu kênh' }).click();
    await form.getByText(`Đã tạo kênh "${name}".`).waitFor();
  }

  /**
   * The one thing not done through the screens: the form creates a channel at the real
   * platform's addresses, and the test moves it to the simulator's before connecting.
   */
  async function pointAtSimulator(name: string, addresses: Record<string, string>) {
    const [row] = await h.t.db.select().from(channels).where(eq(channels.name, name));
    await h.t.db.update(channels).set({ settings: { ...row!.settings, ...addresses } }).where(eq(channels.id, row!.id));
  }

  it('the new editor writes an item with a photo and a resumed video, sees the Facebook and Zalo previews, and submits', { timeout: 120_000 }, async () => {
    editor = await h.newPage();
    await h.signInAs(editor, { email: EDITOR.email, password: EDITOR.password });
    // Exact: home's empty 'Bài của tôi' card has its own 'Soạn bài mới' link.
    await editor.getByRole('link', { name: 'Soạn bài', exact: true }).click();
    await editor.getByRole('textbox', { name: 'Tiêu đề', exact: true }).fill(TITLE);
    await editor.getByRole('textbox', { name: 'Nội dung', exact: true }).fill('Người đã chấp hành xong án phạt tù được giới thiệu việc làm và vay vốn học nghề. Mời bà con đến nhà văn hóa xã sáng Chủ nhật.');
    await choose(editor, 'Chủ đề', 'Hướng dẫn tái hòa nhập');
    for (const target of [
      `Báo điện tử Đội Tuyên truyền · ${vi.platforms.wordpress}`,
      `Fanpage Con đường hướng thiện · ${vi.platforms.facebook_page}`,
      // A name that already says its platform is not followed by it again.
      'Kênh YouTube Con đường hướng thiện',
      'Nhóm Zalo thôn Hướng Thiện',
    ])
      await choose(editor, 'Kênh đăng', target);
    await editor.getByText(vi.composer.publishNow).waitFor();

    await uploadPhoto(editor, 'ngay-hoi.jpg', await jpeg(800, 600));
    // 2.3 MB in 1 MB chunks, the connection dropped on the second: resumed from the server's offset.
    const offsets = await uploadVideoCutHalfway(editor, 'phong-su-ngay-hoi.mp4', fakeMp4(2 * 1024 * 1024 + 300_000));
    expect(offsets).toEqual(['0', '1048576', '1048576', '2097152']);

    await editor.getByRole('tab', { name: vi.platforms.facebook_page }).click();
    await expect.poll(() => editor.locator('[data-preview="facebook_page"]').textContent(), settle).toContain('vay vốn học nghề');
    await h.checkPage(editor, 'journey/08-composer-facebook');
    await editor.getByRole('tab', { name: vi.platforms.zalo_group_manual }).click();
    await expect.poll(() => editor.locator('[data-preview="zalo_group_manual"]').textContent(), settle).toContain('vay vốn học nghề');
    await h.checkPage(editor, 'journey/09-composer-zalo');

    await editor.getByRole('button', { name: 'Gửi duyệt' }).click();
    await editor.waitForURL(/\/app\/bai-viet\/[0-9a-f-]{36}$/);
    await expect.poll(() => editor.getByRole('main').getByText('Chờ duyệt', { exact: true }).first().isVisible(), settle).toBe(true);
    await h.checkPage(editor, 'journey/10-item-in-review');
  });

  it('the approver approves from the diff while the editor watches the board; the calendar shows the item', { timeout: 120_000 }, async () => {
    // The editor keeps the board open: everything after this shows up there without a reload.
    await editor.getByRole('link', { name: 'Bảng lượt đăng' }).click();
    await editor.getByRole('heading', { level: 1, name: 'Bảng lượt đăng' }).waitFor();
    // WordPress will refuse the post once: the board must say why, and "retry" must publish it.
    wp.failNext({ route: '/wp/v2/posts', method: 'POST', status: 400, code: 'rest_invalid_param', message: 'Invalid parameter(s): categories' });

    approver = await h.newPage();
    await h.signInAs(approver, 'approver');
    await approver.getByRole('link', { name: 'Duyệt bài' }).click();
    await approver.getByRole('link', { name: TITLE }).click();
    await expect.poll(() => approver.getByText('Bài chưa được duyệt lần nào').isVisible(), settle).toBe(true);
    // The video is named in the diff as added, and shown itself below it.
    expect(await approver.getByText(/^Thêm\s*phong-su-ngay-hoi\.mp4$/).isVisible()).toBe(true);
    expect(await approver.getByText('phong-su-ngay-hoi.mp4', { exact: true }).isVisible()).toBe(true);
    expect(await approver.getByText('Báo điện tử Đội Tuyên truyền').isVisible()).toBe(true);
    await h.checkPage(approver, 'journey/11-approval-diff');
    await approver.getByLabel(vi.approvals.comment).fill('Đồng ý đăng ngay.');
    await approver.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await approver.waitForURL(`${h.base}/app/duyet`);

    await approver.getByRole('link', { name: 'Lịch đăng' }).click();
    await approver.locator('.fc-event', { hasText: TITLE }).first().waitFor();
    await h.checkPage(approver, 'journey/12-calendar');
  });

  it('the board shows the item published live, WordPress refusing with its reason, and "retry" publishing it', { timeout: 150_000 }, async () => {
    const rows = boardRows(editor, TITLE);
    const row = (channel: string) => rows.filter({ hasText: channel });
    const stateOf = (channel: string) => row(channel).locator('[data-state]').textContent();
    await expect.poll(() => stateOf('Kênh YouTube Con đường hướng thiện'), published).toBe(state.published);
    await expect.poll(() => stateOf('Nhóm Zalo thôn Hướng Thiện'), settle).toBe(state.awaiting_officer);
    await expect.poll(() => stateOf('Báo điện tử Đội Tuyên truyền'), published).toBe(state.failed);
    const reason = await row('Báo điện tử Đội Tuyên truyền').locator('[data-reason]').textContent();
    expect(reason).toContain('WordPress từ chối dữ liệu gửi lên');
    await h.checkPage(editor, 'journey/13-board-failed');

    await row('Báo điện tử Đội Tuyên truyền').getByRole('button', { name: 'Thử lại' }).click();
    const dialog = editor.getByRole('dialog', { name: 'Thử lại' });
    await dialog.getByRole('button', { name: 'Thử lại' }).click();
    await expect.poll(() => stateOf('Báo điện tử Đội Tuyên truyền'), published).toBe(state.published);
    // Both attempts stay on record: the refusal with WordPress's code, then the post.
    await row('Báo điện tử Đội Tuyên truyền').getByRole('button', { name: '2 lần thử' }).click();
    const attempts = editor.getByRole('table', { name: vi.board.attempts });
    await expect.poll(() => attempts.locator('tbody tr').allTextContents(), settle).toEqual([
      expect.stringContaining(vi.board.attemptOutcomes.error),
      expect.stringContaining(vi.board.attemptOutcomes.published),
    ]);
    // Facebook processes the video before the post is live; the board follows it there too.
    await expect.poll(() => stateOf('Fanpage Con đường hướng thiện'), published).toBe(state.published);
    expect(await row('Báo điện tử Đội Tuyên truyền').getByRole('link', { name: 'Mở bài' }).getAttribute('href')).toMatch(new RegExp(`^${wp.baseUrl}`));
    await h.checkPage(editor, 'journey/14-board-published');
  });
});
