import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import { createSiteStore } from '../../core/site/store.ts';
import type { TestApp } from '../app.ts';
import { addMedia, createSiteFixture, newSiteDelivery, siteContext } from '../site-fixtures.ts';
import { startListeningApp } from './web-harness.ts';
import { PHONE, PHONE_UA } from './web-steps.ts';

/**
 * The public site as a citizen meets it: a mid-range Android phone, 360×740, no JavaScript
 * needed. Every page fits the screen's width, and what a thumb taps — the site's name, the menu, the search,
 * the share buttons, the feeds, the lists of units and of ways back, the form's button — is at least 44 px tall.
 */
const ARTIFACTS = path.resolve('test-artifacts/site-phone');
const TAPPED = 'header .brand, ul.ways a, nav a, form.search input, form.search button, .share a, footer a, .pager a, a.button, .form button, .form input:not([type=hidden]):not([tabindex="-1"]), .form select';

describe('the public site on a 360×740 phone', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let slug: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ t, base } = await startListeningApp());
    const fx = await createSiteFixture(t.db, 'Công an tỉnh Bình Định');
    const site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: base, clock: { now: () => new Date() } }) });
    const photo = await addMedia(fx, t.deps.storage, {
      kind: 'image',
      mimeType: 'image/jpeg',
      name: 'anh.jpg',
      bytes: await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#8a6' } }).jpeg().toBuffer(),
      altText: 'Cán bộ công an xã thăm hỏi gia đình',
    });
    // More than a page of articles, so the pager shows.
    for (let i = 1; i <= 21; i++) {
      const post = await newSiteDelivery(fx, {
        title: `Vay vốn ưu đãi cho người chấp hành xong án phạt tù, kỳ ${i}`,
        summary: 'Quyết định 22/2023/QĐ-TTg: ai được vay, vay bao nhiêu và hồ sơ gồm những gì.',
        body: 'Người chấp hành xong án phạt tù được vay đến 100 triệu đồng.\n\nHồ sơ nộp tại Ngân hàng Chính sách xã hội nơi cư trú.',
        media: i === 21 ? [photo] : [],
      });
      await site.publish(post, siteContext(fx));
      slug = post.slug;
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function check(page: Page, url: string, name: string, go = true) {
    if (go) await page.goto(base + url);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${url} scrolls sideways`).toBeLessThanOrEqual(360);
    const small = await page.evaluate((selector) => {
      return [...document.querySelectorAll<HTMLElement>(selector)]
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0)
        .filter(({ r }) => r.height < 44 || r.width < 24)
        .map(({ e, r }) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('name') || '').trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }, TAPPED);
    expect(small, `${url}: targets smaller than a thumb`).toEqual([]);
  }

  it('home, article, Q&A, the question form and the 404 page fit the screen, with thumb-sized targets', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, ...PHONE, deviceScaleFactor: 2, userAgent: PHONE_UA, locale: 'vi-VN' });
    const page = await context.newPage();
    await check(page, '/', 'home');
    expect(await page.locator('.pager a').count()).toBe(1);
    await check(page, `/bai-viet/${slug}`, 'article');
    expect(await page.locator('.share a').count()).toBe(2);
    // The photo is phone-sized, never the camera's 3000 px file, and described: at pixel ratio 2 the
    // 328 px column needs 656 px, which the 800 px rendition gives (the 1280 px one costs twice the bytes).
    const img = await page.evaluate(() => {
      const i = document.querySelector('article img') as HTMLImageElement;
      return { src: i.currentSrc, shown: i.getBoundingClientRect().width, alt: i.alt };
    });
    expect(img.src).toMatch(/\?co=vua$/);
    expect(img.shown).toBeLessThanOrEqual(328);
    expect(img.alt).toBe('Cán bộ công an xã thăm hỏi gia đình');
    await check(page, '/hoi-dap', 'qa');
    await check(page, '/hoi-dap/gui-cau-hoi', 'ask');
    await check(page, '/khong-co-trang-nay', 'not-found');
    await context.close();
  });

  it('the header leaves the first screen to the content: the menu folds under one button a thumb or a key opens, without JavaScript; a desktop shows it open', { timeout: 60_000 }, async () => {
    const phone = await browser.newContext({ javaScriptEnabled: false, ...PHONE, userAgent: PHONE_UA, locale: 'vi-VN' });
    const page = await phone.newPage();
    await page.goto(base + '/');
    const header = async () => (await page.locator('header').boundingBox())!.height;
    // One row: the name and the menu button (it took four rows of menu and ~45 % of the screen).
    expect(await header()).toBeLessThanOrEqual(64);
    expect(await page.getByRole('link', { name: 'Video' }).isVisible()).toBe(false);
    const button = page.locator('header summary');
    expect(await button.textContent()).toBe('Danh mục');
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // By keyboard: Tab past the skip link and the name, then Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    await check(page, '', 'home-menu-open', false);
    for (const name of ['Hỏi – đáp', 'Video']) expect(await page.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Tìm bài viết' }).isVisible()).toBe(true);
    // The search page sends the reader to the box (and shows the query in it), so there the menu starts open.
    await page.goto(base + '/tim-kiem');
    expect(await page.getByRole('searchbox', { name: 'Tìm bài viết' }).isVisible()).toBe(true);
    await page.goto(base + '/tim-kiem?q=vay');
    expect(await page.getByRole('searchbox', { name: 'Tìm bài viết' }).inputValue()).toBe('vay');
    expect(await page.getByRole('searchbox', { name: 'Tìm bài viết' }).isVisible()).toBe(true);
    await phone.close();

    const desktop = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const wide = await desktop.newPage();
    await wide.goto(base + '/');
    await wide.screenshot({ path: path.join(ARTIFACTS, 'home-desktop.png') });
    expect(await wide.locator('header summary').isVisible()).toBe(false);
    for (const name of ['Hỏi – đáp', 'Video']) expect(await wide.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    expect(await wide.getByRole('searchbox', { name: 'Tìm bài viết' }).isVisible()).toBe(true);
    await desktop.close();
  });
});
