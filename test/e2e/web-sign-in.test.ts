import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSetupInvitation } from '../../core/setup.ts';
import { startListeningApp, startWebHarness, type WebHarness } from './web-harness.ts';

/** The officer app's front door in a real browser: sign in → home → sign out, axe-clean. */
describe('web app sign-in', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(() => h?.close());

  it('sends a signed-out visitor to sign-in, signs in to the home page, signs out', { timeout: 60_000 }, async () => {
    const page: Page = await h.newPage();
    // A visitor who never signed in is asked nothing the server refuses: no red 401 line in the console.
    const refused: string[] = [];
    page.on('response', (res) => res.status() >= 400 && refused.push(`${res.status()} ${res.url()}`));
    page.on('console', (msg) => msg.type() === 'error' && refused.push(msg.text()));
    await page.goto(`${h.base}/app`);
    await page.waitForURL(`${h.base}/app/dang-nhap?next=%2F`);
    await expect.poll(() => page.title()).toBe('Đăng nhập vào Loa · Loa');
    await h.checkPage(page, 'web/sign-in');
    expect(refused).toEqual([]);

    await h.signInAs(page, 'editor');
    expect(new URL(page.url()).pathname).toBe('/app');
    // The shell's code may still be on its way (it loads lazily): wait for the greeting itself.
    await page.getByRole('heading', { level: 1, name: 'Xin chào, bientap' }).waitFor();
    await page.getByRole('heading', { name: 'Việc cần người xử lý' }).waitFor();
    await h.checkPage(page, 'web/home-editor');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${h.base}/app/dang-nhap`);
    // The session is gone on the server too: the app goes back to sign-in, again without a refused request.
    await page.goto(`${h.base}/app`);
    await page.waitForURL(/\/app\/dang-nhap\?next=/);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(refused).toEqual([]);
  });

  it('sends a signed-out browser opening the API documentation to sign in, then back to it; the profile links to it', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/docs`);
    await page.waitForURL(`${h.base}/app/dang-nhap?next=%2Fdocs`);
    await h.signInAs(page, 'editor');
    await page.waitForURL(`${h.base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.goto(`${h.base}/app/ho-so`);
    expect(await page.getByRole('link', { name: 'Tài liệu API' }).getAttribute('href')).toBe('/docs');
  });

  it('shows the sign-in form without the signed-in app’s code, then fetches the shell and home while it is shown', { timeout: 60_000 }, async () => {
    // What the first download of /app/dang-nhap is: index.html's script, preloads and stylesheet.
    const html = await (await fetch(`${h.base}/app/dang-nhap`)).text();
    const first = [...html.matchAll(/\/app\/assets\/([\w.-]+\.(?:js|css))/g)].map((m) => m[1]!);
    expect(first.filter((file) => /^(Shell|HomePage|ReportsPage|CalendarPage)-/.test(file))).toEqual([]);
    const gzipped = first.reduce((sum, file) => sum + fs.statSync(path.resolve('web/dist/assets', `${file}.gz`)).size, 0);
    expect(gzipped).toBeLessThan(200 * 1024);

    // The shell and home are held back: the form must show without them, and then ask for them.
    const page = await h.newPage();
    const held: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/app\/assets\/(Shell|HomePage)-[\w-]+\.js$/, async (route) => {
      held.push(path.basename(new URL(route.request().url()).pathname));
      await released;
      await route.continue();
    });
    await page.goto(`${h.base}/app/dang-nhap`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await expect.poll(() => held.map((file) => file.split('-')[0])).toEqual(['Shell']);
    release();
    // Home follows the shell, so the shell's stylesheet is in place before any page's.
    await expect.poll(() => held.map((file) => file.split('-')[0])).toEqual(['Shell', 'HomePage']);
    await h.signInAs(page, 'editor');
    await page.getByRole('heading', { name: 'Việc cần người xử lý' }).waitFor();
  });

  it('tells a fresh installation’s first visitor where the first administrator comes from; says nothing once a user exists', { timeout: 60_000 }, async () => {
    const { t: fresh, base } = await startListeningApp();
    try {
      const setup = await ensureSetupInvitation(fresh.db, fresh.deps.clock);
      if (setup.kind !== 'invited') throw new Error(`expected a setup link, got ${setup.kind}`);
      const page = await h.newPage();
      await page.goto(`${base}/app/dang-nhap`);
      const hint = page.getByRole('alert').filter({ hasText: 'Loa chưa có quản trị viên' });
      await hint.waitFor();
      expect(await hint.textContent()).toContain('mở liên kết thiết lập dùng một lần (/setup?token=…) mà Loa in ra cửa sổ dòng lệnh');
      expect(await hint.textContent()).toContain('npx loa user create');
      expect(await page.content()).not.toContain(setup.token);
      // Inside the sign-in card, the command wrapped rather than pushing the text past its edge.
      const card = (await page.locator('form').boundingBox())!;
      const box = (await hint.boundingBox())!;
      expect(await hint.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
      await h.checkPage(page, 'web/sign-in-fresh-install');

      const made = await fresh.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token: setup.token, email: 'quantri@ca.vn', displayName: 'Quản trị', password: 'mat-khau-quan-tri-1', unitName: 'Công an tỉnh' },
      });
      expect(made.statusCode).toBe(201);
      await page.reload();
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
      await expect.poll(() => page.evaluate(async () => (await fetch('/api/v1/setup')).json())).toEqual({ setupNeeded: false });
      expect(await page.getByText('Loa chưa có quản trị viên').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('walks a fresh installation’s setup link: a short password is said in Vietnamese under its field (not the browser’s bubble), then the new admin lands on the first steps', { timeout: 90_000 }, async () => {
    const { t: fresh, base } = await startListeningApp();
    try {
      const setup = await ensureSetupInvitation(fresh.db, fresh.deps.clock);
      if (setup.kind !== 'invited') throw new Error(`expected a setup link, got ${setup.kind}`);
      const page = await h.newPage();
      await page.goto(`${base}/setup?token=${setup.token}`);
      await page.getByLabel('Tên đơn vị cấp cao nhất (ví dụ: Công an tỉnh Bình Định)').fill('Công an tỉnh Bình Định');
      await page.getByLabel('Họ tên quản trị viên').fill('Nguyễn Văn Quản');
      await page.getByLabel('Email').fill('quantri@congan.binhdinh.gov.vn');
      const password = page.getByLabel('Mật khẩu (ít nhất 10 ký tự)');
      await password.fill('ngan');
      await password.press('Enter');
      // The form went to the server (a browser bubble would have kept it here) and came back with the reason under the field.
      await page.waitForURL(`${base}/setup`);
      const again = page.getByLabel('Mật khẩu (ít nhất 10 ký tự)');
      expect(await again.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await again.getAttribute('aria-describedby'))!;
      expect(await page.locator(`#${describedBy}`).textContent()).toBe('Mật khẩu cần ít nhất 10 ký tự');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
      // What was typed is still there (but the password).
      expect(await page.getByLabel('Họ tên quản trị viên').inputValue()).toBe('Nguyễn Văn Quản');
      await h.checkPage(page, 'web/setup-short-password');

      await again.fill('mat-khau-quan-tri-1');
      await again.press('Enter');
      await page.getByRole('heading', { name: 'Đã thiết lập xong' }).waitFor();
      await page.getByRole('link', { name: 'Vào Loa' }).click();
      await page.getByRole('heading', { level: 1, name: 'Xin chào, Nguyễn Văn Quản' }).waitFor();
    } finally {
      await fresh.close();
    }
  });

  it('shows the server’s Vietnamese reason when the password is wrong', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.base}/app/dang-nhap`);
    await page.getByLabel('Email').fill(h.org.emails.viewer);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Email hoặc mật khẩu không đúng');
    await h.checkPage(page, 'web/sign-in-wrong-password');
  });

  it('says under each field left empty what it needs, never a JSON pointer', { timeout: 60_000 }, async () => {
    const page = await h.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${h.base}/app/dang-nhap`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    const errorOf = (label: string) => page.locator('.mantine-InputWrapper-root').filter({ has: page.getByLabel(label) }).locator('[id$="-error"]').textContent();
    expect(await errorOf('Email')).toBe('Không được để trống');
    expect(await errorOf('Mật khẩu')).toBe('Không được để trống');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('/email');
    await h.checkPage(page, 'web/sign-in-empty');
  });
});
