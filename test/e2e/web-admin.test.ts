import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, memberships } from '../../db/schema/index.ts';
import { createUnit, createUser } from '../app.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { choose, settle } from './web-steps.ts';

/** Admin screens in a real browser: units, users, the freeze and the audit log. */
describe('web app admin', () => {
  let h: WebHarness;
  let page: Page;
  beforeAll(async () => {
    h = await startWebHarness();
    page = await h.newPage();
    await h.signInAs(page, 'admin');
  });
  afterAll(() => h?.close());

  it('shows a new installation’s administrator the first steps, ticked off from what exists; not other roles', { timeout: 60_000 }, async () => {
    // The seeded organisation has units below the province and people, but no channel and no item yet.
    const admin = await h.newPage();
    await h.signInAs(admin, 'admin');
    const card = admin.getByRole('region', { name: 'Bắt đầu với Loa' });
    const step = (name: string) => card.getByRole('listitem').filter({ hasText: name });
    await step('Thêm các đơn vị cấp dưới').getByText('— đã xong.').waitFor();
    await step('Thêm người dùng').getByText('— đã xong.').waitFor();
    expect(await step('Kết nối kênh đăng').textContent()).not.toContain('đã xong');
    expect(await step('Soạn bài đầu tiên').textContent()).not.toContain('đã xong');
    await h.checkPage(admin, 'web/home-first-steps');
    await card.getByRole('link', { name: 'Kết nối kênh đăng' }).click();
    await admin.getByRole('heading', { name: 'Kênh đăng', level: 1 }).waitFor();
    await admin.close();

    const editor = await h.newPage();
    await h.signInAs(editor, 'editor');
    await editor.getByRole('region', { name: 'Bài của tôi' }).waitFor();
    expect(await editor.getByRole('region', { name: 'Bắt đầu với Loa' }).count()).toBe(0);
    await editor.close();
  });

  it('reaches every navigation entry on a short office screen (1366×600): the list scrolls', { timeout: 60_000 }, async () => {
    const admin = await h.newPage();
    await admin.setViewportSize({ width: 1366, height: 600 });
    await h.signInAs(admin, 'admin');
    const last = admin.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' });
    await last.click();
    await admin.getByRole('heading', { name: 'Hồ sơ của tôi', level: 1 }).waitFor();
    expect((await last.boundingBox())!.y + 20).toBeLessThan(600);
    await admin.close();
  });

  it('shows the lit navigation entry of a page opened by its address on an office screen (1366×768)', { timeout: 60_000 }, async () => {
    const admin = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signInAs(admin, 'admin');
    const nav = admin.getByRole('navigation');
    for (const [path, entry] of [
      ['quan-tri/nhat-ky', 'Nhật ký thao tác'],
      ['ho-so', 'Hồ sơ của tôi'],
      ['', 'Trang chính'],
    ] as const) {
      await admin.goto(`${h.base}/app/${path}`);
      const lit = nav.getByRole('link', { name: entry, exact: true });
      await expect.poll(() => lit.getAttribute('aria-current'), settle).toBe('page');
      // Within the list's visible part, below the 56 px header and above the screen's bottom edge.
      await expect.poll(async () => {
        const [box, list] = [(await lit.boundingBox())!, (await nav.boundingBox())!];
        return box.y >= list.y && box.y + box.height <= Math.min(list.y + list.height, 768);
      }, settle).toBe(true);
    }
    await admin.close();
  });

  it('lets a keyboard user skip the navigation: first Tab offers “Đến nội dung chính”, and an entry chosen with Enter leads Tab into its page', { timeout: 60_000 }, async () => {
    const admin = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signInAs(admin, 'admin');
    await admin.getByRole('heading', { name: 'Bắt đầu với Loa' }).waitFor();
    const focused = () => admin.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', inMain: !!document.activeElement?.closest('main') }));
    await admin.locator('body').focus();
    await admin.keyboard.press('Tab');
    expect((await focused()).text).toBe('Đến nội dung chính');
    expect(await admin.getByRole('link', { name: 'Đến nội dung chính' }).isVisible()).toBe(true);
    await h.checkPage(admin, 'web/skip-link');
    await admin.keyboard.press('Enter');
    await admin.keyboard.press('Tab');
    // The first link of the home page's first-steps card, not the bell or the first navigation entry.
    expect(await focused()).toEqual({ text: 'Thêm các đơn vị cấp dưới', inMain: true });

    await admin.getByRole('navigation').getByRole('link', { name: 'Người dùng', exact: true }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
    await admin.keyboard.press('Tab');
    expect((await focused()).inMain).toBe(true);
    await admin.close();
  });

  it('creates, renames and moves a unit', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.getByRole('heading', { name: 'Đơn vị', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Thêm đơn vị con' });
    // Sent before the parent is chosen: the form names the field instead of greying the button out.
    await form.getByRole('button', { name: 'Thêm đơn vị con' }).click();
    await form.locator('.mantine-Select-root').filter({ has: page.getByLabel('Thuộc đơn vị') }).getByText('Chọn đơn vị').waitFor();
    await form.getByLabel('Thuộc đơn vị').click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await form.getByLabel('Tên đơn vị').fill('Phòng Tham mưu');
    await form.getByRole('button', { name: 'Thêm đơn vị con' }).click();
    await page.getByRole('cell', { name: 'Phòng Tham mưu', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Đổi tên "Phòng Tham mưu"' }).click();
    await page.getByRole('dialog').getByLabel('Tên đơn vị').fill('Phòng Tham mưu PV01');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('cell', { name: 'Phòng Tham mưu PV01', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Chuyển "Phòng Tham mưu PV01" sang đơn vị khác' }).click();
    await page.getByRole('dialog').getByLabel('Đơn vị cha mới').click();
    await page.getByRole('option', { name: /Công an xã Hướng Thiện/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Chuyển' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    const units = (await h.t.db.query.units.findMany()).map((u) => ({ id: u.id, name: u.name, parentId: u.parentId }));
    expect(units.find((u) => u.name === 'Phòng Tham mưu PV01')?.parentId).toBe(h.org.communeId);
    await h.checkPage(page, 'web/admin-units');
  });

  it('creates a user, shows server errors beside their fields, issues a one-time reset link, disables the account', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Người dùng', exact: true }).click();
    await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
    // Two fields refused by one answer: each shows its own message, at once, and no alert repeats them.
    await page.getByLabel('Email').fill('khong-phai-email');
    await page.getByLabel('Mật khẩu ban đầu').fill('ngan');
    // The hint speaks of the new person's password, not of signing the admin's own sessions out.
    await page.getByText('Ít nhất 10 ký tự. Gửi mật khẩu này cho người dùng; họ đổi lại trong “Hồ sơ của tôi”.').waitFor();
    expect(await page.getByText('Các phiên đăng nhập khác sẽ bị đăng xuất.').count()).toBe(0);
    // Sent before the unit is chosen: the form names the field instead of greying the button out.
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.locator('.mantine-Select-root').filter({ has: page.getByLabel('Đơn vị *', { exact: true }) }).getByText('Chọn đơn vị').waitFor();
    await page.getByLabel('Đơn vị *', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    const field = (label: string) => page.locator('.mantine-TextInput-root').filter({ has: page.getByLabel(label) });
    await field('Email').getByText('Email chưa đúng dạng, ví dụ ten@congan.gov.vn').waitFor();
    await field('Họ tên').getByText('Không được để trống').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Họ tên').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').count()).toBe(0);
    await h.checkPage(page, 'web/admin-user-two-field-errors');

    await page.getByLabel('Email').fill('moi@ca.vn');
    await page.getByLabel('Họ tên').fill('Cán bộ Mới');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Mật khẩu cần ít nhất 10 ký tự').waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe('moi@ca.vn');
    await page.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-123');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByRole('cell', { name: /^Cán bộ Mới/ }).waitFor();

    await page.getByRole('button', { name: 'Đặt lại mật khẩu cho Cán bộ Mới' }).click();
    await page.getByRole('button', { name: 'Tạo liên kết' }).click();
    const link = (await page.getByRole('dialog').locator('pre').textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${h.base}/app/dat-lai-mat-khau#loar_`));
    await h.checkPage(page, 'web/admin-reset-link');
    await page.keyboard.press('Escape');

    // Each row's button names whose account it disables, not a column of identical "Khoá".
    await page.getByRole('button', { name: 'Khoá tài khoản của Cán bộ Mới', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Khoá' }).click();
    await page.getByText('Đã khoá').waitFor();
    await h.checkPage(page, 'web/admin-users');
  });

  it('shows someone who is not an administrator, opening the admin pages by their address, no form the server would refuse', { timeout: 60_000 }, async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    // The refusal, without a form above it that an approver would fill in only to be refused.
    await page.getByText('Bạn không có quyền thực hiện thao tác này').waitFor();
    expect(await page.getByRole('button', { name: 'Tạo người dùng' }).count()).toBe(0);
    await page.goto(`${h.base}/app/quan-tri/don-vi`);
    await page.getByRole('cell', { name: 'Công an tỉnh Thử Nghiệm', exact: true }).waitFor();
    await page.getByText('Bạn được xem cây đơn vị; thêm, đổi tên hoặc chuyển đơn vị do quản trị viên làm.').waitFor();
    expect(await page.getByRole('button', { name: 'Thêm đơn vị con' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Đổi tên/ }).count()).toBe(0);
    await h.checkPage(page, 'web/admin-units-read-only');
    // The freeze page: whether publishing is paused, without the red button the server would refuse.
    await page.goto(`${h.base}/app/quan-tri/tam-dung`);
    await page.getByText('Đang đăng bài bình thường.').waitFor();
    await page.getByText('Quản trị viên cấp cao nhất bật hoặc tắt việc tạm dừng; trang này cho bạn biết lúc nào việc đăng bài đang dừng và vì sao.').waitFor();
    expect(await page.getByRole('button', { name: 'Tạm dừng toàn bộ việc đăng bài' }).count()).toBe(0);
    expect(await page.getByLabel('Lý do tạm dừng').count()).toBe(0);
  });

  it('shows the administrator of a sub-unit the freeze without the switch the server would refuse them, and says who switches it', { timeout: 60_000 }, async () => {
    await createUser(h.t.db, 'tamdung.xa@ca.vn', [{ role: 'admin', unitId: h.org.communeId }]);
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signInAs(page, { email: 'tamdung.xa@ca.vn' });
    await page.getByRole('navigation').getByRole('link', { name: 'Tạm dừng đăng bài' }).click();
    await page.getByText('Đang đăng bài bình thường.').waitFor();
    await page.getByText('Quản trị viên cấp cao nhất bật hoặc tắt việc tạm dừng; trang này cho bạn biết lúc nào việc đăng bài đang dừng và vì sao.').waitFor();
    expect(await page.getByRole('button', { name: 'Tạm dừng toàn bộ việc đăng bài' }).count()).toBe(0);
    expect(await page.getByLabel('Lý do tạm dừng').count()).toBe(0);
    await h.checkPage(page, 'web/admin-freeze-sub-unit');
    await page.close();
  });

  it('creates one unit and one user when the create button is double-clicked at machine speed', { timeout: 60_000 }, async () => {
    const admin = await h.newPage();
    await h.signInAs(admin, 'admin');
    // Every create request the page sends, and whether all have been answered.
    const isCreate = (r: Request) => r.method() === 'POST' && /\/api\/v1\/(units|users)$/.test(r.url());
    const creates: string[] = [];
    let open = 0;
    admin.on('request', (r) => {
      if (!isCreate(r)) return;
      creates.push(new URL(r.url()).pathname);
      open++;
    });
    const answered = (r: Request) => {
      if (isCreate(r)) open--;
    };
    admin.on('requestfinished', answered);
    admin.on('requestfailed', answered);

    await admin.goto(`${h.base}/app/quan-tri/don-vi`);
    const form = admin.getByRole('form', { name: 'Thêm đơn vị con' });
    await form.getByLabel('Thuộc đơn vị').click();
    await admin.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await form.getByLabel('Tên đơn vị').fill('Đội Tuyên truyền');
    // Two clicks in one task, as fast as a machine (or a bouncing mouse on a slow office PC) can: the
    // second comes before any render could show the button as busy.
    await form.getByRole('button', { name: 'Thêm đơn vị con' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await admin.getByRole('cell', { name: 'Đội Tuyên truyền', exact: true }).waitFor();
    await expect.poll(() => open, settle).toBe(0);
    expect((await h.t.db.query.units.findMany()).filter((u) => u.name === 'Đội Tuyên truyền')).toHaveLength(1);

    await admin.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    await admin.getByLabel('Email').fill('nhan.doi@ca.vn');
    await admin.getByLabel('Họ tên').fill('Cán bộ Nhấn Đôi');
    await admin.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-123');
    await admin.getByLabel('Đơn vị *', { exact: true }).first().click();
    await admin.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await admin.getByRole('button', { name: 'Tạo người dùng' }).dblclick();
    await admin.getByRole('cell', { name: /^Cán bộ Nhấn Đôi/ }).waitFor();
    await expect.poll(() => open, settle).toBe(0);
    // The second request would have been refused as a taken email, shown in red under a user just made.
    expect(await admin.getByRole('alert').count()).toBe(0);
    expect(creates).toEqual(['/api/v1/units', '/api/v1/users']);
    await admin.close();
  });

  it('freezes publishing with a reason, shown on home, then lifts it; the audit log lists it and exports CSV', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Tạm dừng đăng bài' }).click();
    await page.getByLabel('Lý do tạm dừng').fill('Kiểm tra an ninh mạng');
    await page.getByRole('button', { name: 'Tạm dừng toàn bộ việc đăng bài' }).click();
    await page.getByRole('button', { name: 'Cho phép đăng bài trở lại' }).waitFor();
    await h.checkPage(page, 'web/admin-freeze');
    await page.getByRole('link', { name: 'Trang chính' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kiểm tra an ninh mạng' }).waitFor();
    await page.getByRole('link', { name: 'Tạm dừng đăng bài' }).click();
    await page.getByRole('button', { name: 'Cho phép đăng bài trở lại' }).click();
    await page.getByText('Đang đăng bài bình thường.').waitFor();

    await page.getByRole('link', { name: 'Nhật ký thao tác' }).click();
    await page.getByRole('cell', { name: 'Khoá người dùng' }).waitFor();
    await choose(page, 'Thao tác', 'Chuyển đơn vị');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await h.checkPage(page, 'web/admin-audit');
    const href = await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href');
    expect(href).toBe('/api/v1/audit.csv?action=unit.move');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv).toContain('unit.move');
    expect(csv).not.toContain('user.disable');
  });

  it('names each action and state change in Vietnamese, and pages back through older entries', { timeout: 60_000 }, async () => {
    const at = Date.parse('2026-01-05T02:00:00Z');
    await h.t.db.insert(auditLog).values(
      Array.from({ length: 130 }, (_, i) => ({
        at: new Date(at + i * 60_000),
        actorKind: 'system',
        action: 'delivery.transition',
        entityType: 'delivery',
        entityId: `d-${i}`,
        unitId: h.org.provinceId,
        data: { from: 'publishing', to: 'published' },
      })),
    );
    await page.goto(`${h.base}/app/quan-tri/nhat-ky`);
    await choose(page, 'Loại đối tượng', 'Lượt đăng');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect.poll(() => page.getByRole('row').count(), settle).toBe(101);
    const first = page.getByRole('row').nth(1);
    expect(await first.textContent()).toContain('Đổi trạng thái lượt đăng');
    expect(await first.textContent()).toContain('Đang đăng → Đã đăng');
    expect(await first.textContent()).toContain('Lượt đăng');
    await page.getByRole('button', { name: 'Xem thêm' }).click();
    await expect.poll(() => page.getByRole('row').count(), settle).toBe(131);
    await expect.poll(() => page.getByRole('button', { name: 'Xem thêm' }).count()).toBe(0);
  });

  it('meets a fresh installation’s channels page with a sentence, not table headings over nothing', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Kênh', exact: true }).click();
    await page.getByRole('heading', { name: 'Kênh đăng', level: 1 }).waitFor();
    await page.getByText('Chưa có kênh nào. Thêm kênh đầu tiên ở mục “Thêm kênh” bên dưới', { exact: false }).waitFor();
    expect(await page.getByRole('table', { name: 'Kênh đăng' }).count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Kênh đăng' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Thêm kênh' }).waitFor();
    await h.checkPage(page, 'web/channels-empty');
    const editor = await h.newPage();
    await h.signInAs(editor, 'editor');
    await editor.goto(`${h.base}/app/kenh`);
    // Not a bare "none": who adds channels, and what the editor gets from them.
    await editor.getByText('Chưa có kênh nào. Quản trị viên của đơn vị thêm và kết nối kênh (Fanpage, kênh YouTube, Zalo OA, cổng thông tin, nhóm Zalo của xã) ở trang này; khi đó bạn chọn được kênh lúc soạn bài.').waitFor();
    // An empty item list without filters says where to start, not that nothing "matches".
    await editor.goto(`${h.base}/app/bai-viet`);
    await editor.getByText('Chưa có bài viết nào. Bấm “Soạn bài mới” để viết bài đầu tiên.').waitFor();
    // Home's empty "my items" leads to the composer, whose empty channel picker says who adds channels.
    await editor.goto(`${h.base}/app`);
    await editor.getByRole('region', { name: 'Bài của tôi' }).getByRole('link', { name: 'Soạn bài mới' }).click();
    await editor.waitForURL(`${h.base}/app/bai-viet/moi`);
    await editor.getByText('Đơn vị của bạn chưa có kênh đăng nào. Nhờ quản trị viên thêm kênh ở mục “Kênh”.').waitFor();
    await editor.getByText('Chưa có nhóm kênh nào. Quản trị viên gom các kênh hay đăng cùng nhau ở mục “Nhóm kênh” để chọn trong một lần.').waitFor();
    await editor.close();

    // The sentence above offers the campaign's own site first: the form has it.
    await choose(page, 'Loại kênh', 'Trang "Con đường hướng thiện"');
    const form = page.getByRole('region', { name: 'Thêm kênh' });
    await form.getByLabel(/^Đơn vị/).click();
    await page.getByRole('option', { name: 'Công an tỉnh Thử Nghiệm' }).click();
    await form.getByLabel(/^Tên kênh/).fill('Trang Con đường hướng thiện');
    expect(await page.getByLabel('Máy chủ trong mạng nội bộ (cho phép địa chỉ nội bộ)').count()).toBe(0);
    await page.getByRole('button', { name: 'Lưu kênh' }).click();
    await page.getByText('Đã tạo kênh "Trang Con đường hướng thiện".').waitFor();
    await page.getByRole('table', { name: 'Kênh đăng' }).getByText('Trang Con đường hướng thiện', { exact: true }).waitFor();
    await h.checkPage(page, 'web/channels-site-created');
  });

  it('starts each unit field on the only unit an administrator of one unit can choose', { timeout: 60_000 }, async () => {
    const unitId = await createUnit(h.t.db, 'Công an xã Một Đơn Vị', h.org.provinceId, 'commune');
    await createUser(h.t.db, 'quantri.xa@ca.vn', [{ role: 'admin', unitId }]);
    const admin = await h.newPage();
    await h.signInAs(admin, { email: 'quantri.xa@ca.vn' });
    await admin.goto(`${h.base}/app/quan-tri/don-vi`);
    const form = admin.getByRole('form', { name: 'Thêm đơn vị con' });
    await expect.poll(() => form.getByLabel('Thuộc đơn vị').inputValue(), settle).toBe('Công an xã Một Đơn Vị');
    await form.getByLabel('Tên đơn vị').fill('Tổ Công an thôn 1');
    await form.getByRole('button', { name: 'Thêm đơn vị con' }).click();
    await admin.getByRole('cell', { name: 'Tổ Công an thôn 1', exact: true }).waitFor();

    // Two units now: the choice is the person's again.
    await admin.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    await admin.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
    await expect.poll(() => admin.getByLabel('Đơn vị *', { exact: true }).first().inputValue(), settle).toBe('');
    const single = await createUnit(h.t.db, 'Công an phường Một Lựa Chọn', h.org.provinceId, 'commune');
    await createUser(h.t.db, 'quantri.phuong@ca.vn', [{ role: 'admin', unitId: single }]);
    // On a phone: the forms' fields stack in one column, each as wide as the screen allows.
    const other = await h.newPage({ viewport: { width: 412, height: 915 } });
    await h.signInAs(other, { email: 'quantri.phuong@ca.vn' });
    await other.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    await expect.poll(() => other.getByLabel('Đơn vị *', { exact: true }).first().inputValue(), settle).toBe('Công an phường Một Lựa Chọn');
    expect((await other.getByLabel('Email').boundingBox())!.width).toBeGreaterThan(300);
    await other.getByLabel('Email').fill('cskv.phuong@ca.vn');
    await other.getByLabel('Họ tên').fill('Cán bộ Phường');
    await other.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-123');
    await other.getByRole('button', { name: 'Tạo người dùng' }).click();
    await other.getByRole('cell', { name: /^Cán bộ Phường/ }).waitFor();
    await other.goto(`${h.base}/app/kenh`);
    await expect.poll(() => other.getByLabel('Đơn vị *', { exact: true }).first().inputValue(), settle).toBe('Công an phường Một Lựa Chọn');
    expect((await other.getByRole('combobox', { name: 'Loại kênh', exact: true }).boundingBox())!.width).toBeGreaterThan(300);
    await h.checkPage(other, 'web/channels-phone');
    await admin.close();
    await other.close();
  });

  it('hides admin navigation from an editor, and the server refuses the page’s data', { timeout: 60_000 }, async () => {
    const editor = await h.newPage();
    await h.signInAs(editor, 'editor');
    expect(await editor.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
    await editor.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    await editor.getByRole('alert').waitFor();
    expect(await editor.getByRole('alert').textContent()).toContain('không có quyền');
  });

  it('asks before revoking a role: a slip on the small cross takes nothing away', { timeout: 60_000 }, async () => {
    const viewerRoles = () => h.t.db.select().from(memberships).where(eq(memberships.userId, h.org.userIds.viewer));
    expect(await viewerRoles()).toHaveLength(1);
    await page.goto(`${h.base}/app/quan-tri/nguoi-dung`);
    const cross = page.getByRole('button', { name: /^Thu hồi vai trò Người xem tại / });
    await cross.click();
    const dialog = page.getByRole('dialog', { name: /^Thu hồi vai trò Người xem tại .* của .*\?$/ });
    await dialog.getByText('Người này mất ngay các quyền của vai trò đó tại đơn vị đó.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await viewerRoles()).toHaveLength(1);
    await cross.click();
    await dialog.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await expect.poll(async () => (await viewerRoles()).length, settle).toBe(0);
    await cross.waitFor({ state: 'detached' });
  });
});
