import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.ts';

/** The officer app's front door in a real browser: sign in → home → sign out, axe-clean. */
describe('web app sign-in', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(() => h?.close());

  it('sends a signed-out visitor to sign-in, signs in to the home page, signs out', { timeout: 60_000 }, async () => {
    const page: Page = await h.newPage();
    await page.goto(`${h.base}/app`);
    await page.waitForURL(`${h.base}/app/dang-nhap?next=%2F`);
    await expect.poll(() => page.title()).toBe('Đăng nhập vào Loa · Loa');
    await h.checkPage(page, 'web/sign-in');

    await h.signInAs(page, 'editor');
    expect(new URL(page.url()).pathname).toBe('/app');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Xin chào, bientap');
    await page.getByRole('heading', { name: 'Việc cần người xử lý' }).waitFor();
    await h.checkPage(page, 'web/home-editor');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${h.base}/app/dang-nhap`);
    // The session is gone on the server too: the app goes back to sign-in.
    await page.goto(`${h.base}/app`);
    await page.waitForURL(/\/app\/dang-nhap\?next=/);
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
});
