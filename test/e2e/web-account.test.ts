import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUsers } from '../../core/notifications/notify.ts';
import { apiTokens, sessions } from '../../db/schema/index.ts';
import { signIn } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { TEST_PASSWORD } from '../app.ts';

/** Sign-in details, profile and notifications in a real browser. */
describe('web app: account, session and notifications', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness({ env: { LOA_LOGIN_MAX_ATTEMPTS: '2' } });
  });
  afterAll(() => h?.close());

  it('sends a user who is only a commune officer to the phone pages at /xa', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'commune_officer');
    expect(new URL(page.url()).pathname).toBe('/xa');
  });

  it('returns to the page the session expired on after signing in again', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.getByRole('heading', { name: 'Xin chào, bientap' }).waitFor();
    // Home idle first: a card still loading when the session ends gets a 401 that sends the app to
    // sign-in from home, before the click this test is about.
    await page.waitForFunction(() => !document.body.innerText.includes('Đang tải…'));
    // The session ends on the server (expiry, or signed out elsewhere) while the app is open.
    await h.t.db.delete(sessions);
    await page.getByRole('link', { name: 'bientap' }).click();
    await page.waitForURL(`${h.base}/app/dang-nhap?next=%2Fho-so`);
    await h.signInAs(page, 'editor');
    expect(new URL(page.url()).pathname).toBe('/app/ho-so');
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
  });

  it('shows the lockout in Vietnamese after repeated wrong passwords', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/app/dang-nhap`);
    // The password field's show/hide button is named in Vietnamese, not Mantine's English.
    await expect.poll(() => page.getByRole('button', { name: 'Hiện hoặc ẩn ký tự đã nhập' }).count()).toBe(1);
    const attempt = async (password: string) => {
      await page.getByLabel('Email').fill(h.org.emails.viewer);
      await page.getByLabel('Mật khẩu').fill(password);
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    };
    await attempt('sai-mat-khau-1');
    await attempt('sai-mat-khau-2');
    await attempt(TEST_PASSWORD);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Đăng nhập sai quá nhiều lần');
    await h.checkPage(page, 'web/sign-in-locked');
  });

  it('switches the language (stored in the profile), changes the password with errors beside their field, makes and revokes an API token', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/ho-so`);
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
    await h.checkPage(page, 'web/profile');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'My profile' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'My profile' }).waitFor();
    await page.getByText('Tiếng Việt', { exact: true }).click();
    await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();

    await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-mat-khau');
    await page.getByLabel('Mật khẩu mới').fill('mat-khau-moi-rat-dai');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect.poll(() => page.locator('[id$="-error"]').first().textContent()).toBe('Mật khẩu hiện tại không đúng');
    await page.getByLabel('Mật khẩu hiện tại').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Đã đổi mật khẩu').waitFor();
    await signIn(h.base, h.org.emails.approver, 'mat-khau-moi-rat-dai');

    await page.getByLabel('Tên token').fill('máy chấm công');
    const tokenPosts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/tokens' && tokenPosts.push(r.url()));
    // Two clicks in one task (a bouncing mouse): one token, not a second live secret nobody saw.
    await page.getByRole('button', { name: 'Tạo token' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    const secret = (await page.locator('pre').textContent())!.trim();
    expect(tokenPosts).toHaveLength(1);
    expect((await h.t.db.select().from(apiTokens)).filter((row) => row.name === 'máy chấm công')).toHaveLength(1);
    expect(secret).toMatch(/^loa_/);
    const me = await fetch(`${h.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    await h.checkPage(page, 'web/profile-token-created');
    await page.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Đã thu hồi').waitFor();
    expect((await fetch(`${h.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
  });

  it('refuses a token lifetime typed below one day, or cleared, under its field instead of making a one-day token', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/ho-so`);
    await page.getByLabel('Tên token').fill('hạn âm');
    const days = page.getByLabel('Hiệu lực (ngày)');
    const daysError = page.locator('.mantine-NumberInput-root').filter({ has: days }).locator('[id$="-error"]');
    await days.fill('-5');
    await days.blur();
    expect(await days.inputValue()).toBe('-5');
    await page.getByRole('button', { name: 'Tạo token' }).click();
    await expect.poll(() => daysError.textContent()).toBe('Phải ≥ 1');
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await days.fill('');
    await page.getByRole('button', { name: 'Tạo token' }).click();
    await expect.poll(() => daysError.textContent()).toBe('Không được để trống');
    await h.checkPage(page, 'web/profile-token-days-refused');
    const editor = await signIn(h.base, h.org.emails.editor, TEST_PASSWORD);
    expect((await editor.send('GET', '/api/v1/auth/tokens')).json().items).toEqual([]);
  });

  it('sets a new password from an admin’s one-time link', { timeout: 60_000 }, async () => {
    const admin = await signIn(h.base, h.org.emails.admin, TEST_PASSWORD);
    const { url } = (await admin.send('POST', `/api/v1/users/${h.org.userIds.viewer}/password-reset`)).json();
    const page = await h.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Đặt lại mật khẩu' }).waitFor();
    await h.checkPage(page, 'web/reset-password');
    await page.getByLabel('Mật khẩu mới').fill('mat-khau-dat-lai-123');
    await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await page.getByText('Đã đặt mật khẩu mới').waitFor();
    await page.getByRole('link', { name: 'Đăng nhập vào Loa' }).click();
    await h.signInAs(page, { email: h.org.emails.viewer, password: 'mat-khau-dat-lai-123' });
    expect(new URL(page.url()).pathname).toBe('/app');
  });

  it('shows unread notifications on the bell; opening one marks it read and leads to its object', { timeout: 60_000 }, async () => {
    await notifyUsers(h.t.db, [h.org.userIds.editor], { kind: 'delivery_failed', title: { vi: 'Đăng bài thất bại trên kênh "Fanpage"', en: 'Publishing failed on channel "Fanpage"' }, body: { vi: 'Mật khẩu ứng dụng sai', en: 'Wrong application password' }, data: { deliveryId: '00000000-0000-4000-8000-000000000001' } });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    const bell = page.getByRole('button', { name: 'Thông báo 1 chưa đọc' });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('link', { name: 'Đăng bài thất bại trên kênh "Fanpage"' }).waitFor();
    await h.checkPage(page, 'web/notifications-bell');
    await page.getByRole('link', { name: 'Đăng bài thất bại trên kênh "Fanpage"' }).click();
    await page.waitForURL(`${h.base}/app/luot-dang?state=failed`);
    await page.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    await page.goto(`${h.base}/app/thong-bao`);
    await page.getByRole('heading', { name: 'Thông báo' }).waitFor();
    await h.checkPage(page, 'web/notifications');
  });

  it('opens the bell on a 360px phone within the screen', { timeout: 60_000 }, async () => {
    await notifyUsers(h.t.db, [h.org.userIds.editor], { kind: 'delivery_failed', title: { vi: 'Bài bị từ chối: Cảnh báo đối tượng lừa đảo ở thôn Trung Lý', en: 'Rejected' }, body: { vi: 'Không đăng: bài nêu tên, nơi ở của người chưa bị cơ quan có thẩm quyền kết luận vi phạm.', en: 'Not published' } });
    const page = await h.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await h.signInAs(page, 'editor');
    await page.getByRole('button', { name: /^Thông báo \d+ chưa đọc$/ }).tap();
    const dropdown = page.getByRole('dialog').filter({ hasText: 'Xem tất cả thông báo' });
    await dropdown.waitFor();
    const box = (await dropdown.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
