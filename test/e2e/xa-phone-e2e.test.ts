import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries, manualProofs } from '../../db/schema/index.ts';
import { TEST_PASSWORD, type TestApp } from '../app.ts';
import { approveItem, createCommuneWorld, openTasks, uploadTestImage, type CommuneWorld } from '../commune-fixtures.ts';
import { startListeningApp } from './web-harness.ts';
import { PHONE, PHONE_UA } from './web-steps.ts';

/**
 * A commune officer's phone as it is in the field: 360×740, JavaScript on, a network that
 * drops. The "đã đăng" form is not lost to the browser's "no internet" page when the phone is
 * offline at the tap; while it is on its way its button says it is sending, and a screenshot's
 * upload shows how far it is.
 */
const ARTIFACTS = path.resolve('test-artifacts/xa-phone');

describe("commune officers' phone pages in the field (/xa, JavaScript on, 360×740)", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let world: CommuneWorld;
  let deliveryId: string;
  let withPhoto: string;
  let forUpload: string;
  let forPlainPost: string;
  let forRefusal: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ t, base } = await startListeningApp());
    world = await createCommuneWorld(t.db, { communes: 1, groupsPerCommune: 5 });
    const now = new Date();
    const [first, second, third, fourth, fifth] = world.communes[0]!.groups;
    const plain = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [first!], publishAt: now, publicUrl: base });
    const photo = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [second!], publishAt: now, mediaIds: [await uploadTestImage(t, world)], publicUrl: base });
    const more = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [third!, fourth!], publishAt: now, publicUrl: base });
    const refusal = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [fifth!], publishAt: now, publicUrl: base });
    await openTasks(t.db, [...plain.deliveryIds, ...photo.deliveryIds, ...more.deliveryIds, ...refusal.deliveryIds], now);
    forRefusal = refusal.deliveryIds[0]!;
    [forUpload, forPlainPost] = more.deliveryIds as [string, string];
    deliveryId = plain.deliveryIds[0]!;
    withPhoto = photo.deliveryIds[0]!;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const phone = (javaScriptEnabled = true): Promise<BrowserContext> =>
    browser.newContext({ ...PHONE, deviceScaleFactor: 2, userAgent: PHONE_UA, locale: 'vi-VN', javaScriptEnabled });

  /** A page in a fresh phone context, with every script error and console error it shows collected. */
  async function phonePage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await phone();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    return { context, page, errors };
  }

  async function signIn(page: Page) {
    await page.goto(`${base}/xa`);
    await page.fill('#email', world.communes[0]!.officerEmail);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/xa`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  }

  /** A phone's screenshot as it comes: 1080×2400 PNG, about 3.6 MB (a photo in the chat does not compress). */
  async function phoneScreenshot(): Promise<Buffer> {
    const w = 1080;
    const h = 2400;
    const raw = Buffer.alloc(w * h * 3, 255);
    randomFillSync(raw, 600 * w * 3, 1400 * w * 3);
    return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).blur(1.2).png().toBuffer();
  }

  it('offline at the tap: the page stays with what was typed and says why; back online the same tap records it, the button saying "Đang gửi…" meanwhile', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await phonePage();

    // Signing in offline: the sign-in page stays, with the e-mail typed.
    await page.goto(`${base}/xa`);
    await page.fill('#email', world.communes[0]!.officerEmail);
    await page.fill('#password', TEST_PASSWORD);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('[data-offline]').isVisible()).toBe(true);
    expect(page.url()).toBe(`${base}/xa`);
    expect(await page.locator('#email').inputValue()).toBe(world.communes[0]!.officerEmail);
    await context.setOffline(false);
    await Promise.all([page.waitForURL(`${base}/xa`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor();

    await page.goto(`${base}/xa/nhiem-vu/${deliveryId}`);
    const send = page.getByRole('button', { name: 'Đã đăng vào nhóm này' });
    expect(await page.locator('[data-offline]').isVisible()).toBe(false);
    await page.fill('#memberCount', '58');
    await page.fill('#permalink', 'https://zalo.me/g/thon-1');
    await context.setOffline(true);
    await send.click();
    const note = page.locator('[data-offline]');
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('Điện thoại đang mất mạng nên chưa gửi được');
    expect(page.url()).toBe(`${base}/xa/nhiem-vu/${deliveryId}`);
    expect(await page.locator('#memberCount').inputValue()).toBe('58');
    expect(await page.locator('#permalink').inputValue()).toBe('https://zalo.me/g/thon-1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-note.png'), fullPage: true });
    const [row] = await t.db.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(row!.state).toBe('awaiting_officer');

    // Back online: what the button and the note say once the form is on its way is kept for after the
    // next page (a listener added after the page's own runs after it; sessionStorage outlives the page).
    await context.setOffline(false);
    await page.evaluate(() => {
      const form = document.querySelector('form[data-send]')!;
      form.addEventListener('submit', () => {
        sessionStorage.setItem('label', form.querySelector('button')!.textContent!);
        sessionStorage.setItem('noteHidden', String((form.querySelector('[data-offline]') as HTMLElement).hidden));
      });
    });
    await send.click();
    await page.waitForURL(`${base}/xa?xong=${deliveryId}`);
    expect(await page.locator('p.note[role=status]').textContent()).toContain('Đã ghi nhận');
    expect(await page.evaluate(() => [sessionStorage.getItem('label'), sessionStorage.getItem('noteHidden')])).toEqual(['Đang gửi…', 'true']);
    const [after] = await t.db.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(after!.state).toBe('published');
    // The one inline script runs under the page's CSP (by its hash): no violation, no error.
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a screenshot on a slow line: the officer sees how far it is (percent and MB) and that it is still going; it goes as a full-width JPEG a fraction of the size', { timeout: 90_000 }, async () => {
    const shot = await phoneScreenshot();
    expect(shot.length).toBeGreaterThan(2_500_000);
    const { context, page, errors } = await phonePage();
    await signIn(page);
    await page.goto(`${base}/xa/nhiem-vu/${forUpload}`);
    await page.fill('#memberCount', '41');
    // The field speaks Vietnamese whatever the phone's language (the browser's own says "Choose File" on one set to English).
    expect(await page.locator('.file .btn').isVisible()).toBe(true);
    expect(await page.locator('.file .btn').textContent()).toBe('Chọn ảnh');
    expect(await page.locator('#screenshot').evaluate((i) => getComputedStyle(i).opacity)).toBe('0');
    expect(await page.locator('[data-file]').textContent()).toBe('Chưa chọn ảnh');
    await page.setInputFiles('#screenshot', { name: 'Screenshot_20261207.png', mimeType: 'image/png', buffer: shot });
    expect(await page.locator('[data-file]').textContent()).toBe(`Screenshot_20261207.png (${(shot.length / 1048576).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB)`);
    // A weak commune line: 1 Mbit/s up and down, 400 ms.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 125_000, uploadThroughput: 125_000 });
    // Each time the browser asks for the list that says "Đã ghi nhận", on a line where each request costs seconds.
    const confirmations: string[] = [];
    page.on('request', (r) => r.method() === 'GET' && r.url() === `${base}/xa?xong=${forUpload}` && confirmations.push(r.resourceType()));
    const seen = new Set<string>();
    const progress = page.locator('[data-progress] span');
    await page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).click();
    await expect
      .poll(async () => {
        const text = (await progress.textContent().catch(() => null)) ?? '';
        if (/^Đã gửi \d+ % \(\d+,\d MB \/ \d+,\d MB\)\. Vẫn đang gửi/.test(text)) seen.add(text);
        return seen.size;
      }, { timeout: 60_000, interval: 50 })
      .toBeGreaterThanOrEqual(2);
    await page.waitForURL(`${base}/xa?xong=${forUpload}`, { timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(await page.locator('p.note[role=status]').textContent()).toContain('Đã ghi nhận');
    // The answer the upload brought is the page shown: it is not fetched a second time.
    expect(confirmations).toHaveLength(1);
    await page.reload();
    expect(await page.locator('p.note[role=status]').textContent()).toContain('Đã ghi nhận');
    const [proof] = await t.db.select().from(manualProofs).where(eq(manualProofs.deliveryId, forUpload));
    // Full width (the messages stay readable), a JPEG, far below the 3.6 MB picked.
    expect(proof).toMatchObject({ mimeType: 'image/jpeg', width: 1080, height: 2400 });
    expect(proof!.sizeBytes).toBeLessThan(shot.length / 3);
    // A file the browser cannot redraw and still over the limit is not sent for a minute only to be cut off:
    // the page says the limit at once, with what was typed kept.
    await page.goto(`${base}/xa/nhiem-vu/${forPlainPost}`);
    await page.fill('#memberCount', '33');
    await page.setInputFiles('#screenshot', { name: 'anh-dong.gif', mimeType: 'image/gif', buffer: Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(11 * 1024 * 1024)]) });
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).click();
    await expect.poll(() => progress.textContent()).toBe('Ảnh chụp màn hình lớn hơn giới hạn 10,0 MB: hãy chọn ảnh nhỏ hơn hoặc bỏ trống ô này.');
    expect(posts).toEqual([]);
    expect(await page.locator('#memberCount').inputValue()).toBe('33');
    expect(await page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a refused form keeps the picked screenshot: the message shows above the button, the same tap after the fix records it', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await phonePage();
    await signIn(page);
    await page.goto(`${base}/xa/nhiem-vu/${forRefusal}`);
    const shot = await sharp({ create: { width: 720, height: 1600, channels: 3, background: '#ddd' } }).png().toBuffer();
    await page.fill('#memberCount', '27');
    // A link the phone's browser takes as a URL but Loa refuses (not http or https).
    await page.fill('#permalink', 'ftp://zalo.me/g/ban-5');
    await page.setInputFiles('#screenshot', { name: 'anh.png', mimeType: 'image/png', buffer: shot });
    const send = page.getByRole('button', { name: 'Đã đăng vào nhóm này' });
    await send.click();
    const refused = page.locator('form [data-refused]');
    await expect.poll(() => refused.textContent()).toBe('Liên kết bài đăng phải bắt đầu bằng http:// hoặc https://');
    expect(await refused.getAttribute('role')).toBe('alert');
    // The field it names is marked, with a red border, and a screen reader on it hears the message; the others are not.
    const permalink = page.locator('#permalink');
    expect(await permalink.getAttribute('aria-invalid')).toBe('true');
    expect(await permalink.getAttribute('aria-describedby')).toBe(await refused.getAttribute('id'));
    expect(await permalink.evaluate((i) => getComputedStyle(i).borderTopWidth)).toBe('2px');
    expect(await page.locator('#memberCount').getAttribute('aria-invalid')).toBe(null);
    expect(await page.locator('#screenshot').evaluate((i: HTMLInputElement) => i.files?.[0]?.name)).toBe('anh.png');
    expect(await page.locator('#memberCount').inputValue()).toBe('27');
    expect(await send.isEnabled()).toBe(true);
    expect(await send.textContent()).toBe('Đã đăng vào nhóm này');
    await page.fill('#permalink', 'https://zalo.me/g/ban-5');
    await Promise.all([page.waitForURL(`${base}/xa?xong=${forRefusal}`), send.click()]);
    const [proof] = await t.db.select().from(manualProofs).where(eq(manualProofs.deliveryId, forRefusal));
    expect(proof).toMatchObject({ mimeType: 'image/png', sizeBytes: shot.length });
    // The browser logs the refusal's status itself; nothing else went wrong.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await context.close();
  });

  it('without JavaScript the same form is a plain post and records the screenshot as picked', { timeout: 60_000 }, async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/xa/nhiem-vu/${forPlainPost}`);
    const shot = await sharp({ create: { width: 720, height: 1600, channels: 3, background: '#eee' } }).png().toBuffer();
    // The browser's own field, visible (the Vietnamese button needs the script).
    expect(await page.locator('#screenshot').evaluate((i) => getComputedStyle(i).opacity)).toBe('1');
    expect(await page.locator('.file .btn').isVisible()).toBe(false);
    await page.setInputFiles('#screenshot', { name: 'anh.png', mimeType: 'image/png', buffer: shot });
    await Promise.all([page.waitForURL(`${base}/xa?xong=${forPlainPost}`), page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).click()]);
    const [proof] = await t.db.select().from(manualProofs).where(eq(manualProofs.deliveryId, forPlainPost));
    expect(proof).toMatchObject({ mimeType: 'image/png', sizeBytes: shot.length });
    await context.close();
  });

  it('what a thumb taps is at least 44 px tall and no page scrolls sideways: sign-in, the list, a task with its photo', { timeout: 60_000 }, async () => {
    const context = await phone();
    const page = await context.newPage();
    const tapped = 'header button, a.back, .imgs figcaption a, .btn, input:not([type=hidden]), textarea';
    const check = async (name: string) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(360);
      const small = await page.evaluate((selector) => {
        return [...document.querySelectorAll<HTMLElement>(selector)]
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 24))
          .map(({ e, r }) => `${e.tagName.toLowerCase()} "${(e.textContent || e.id).trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }, tapped);
      expect(small, `${name}: targets smaller than a thumb`).toEqual([]);
    };
    await page.goto(`${base}/xa`);
    await check('sign-in');
    await page.fill('#email', world.communes[0]!.officerEmail);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/xa`), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
    await check('list');
    await page.goto(`${base}/xa/nhiem-vu/${withPhoto}`);
    expect(await page.getByRole('link', { name: 'Tải ảnh 1' }).count()).toBe(1);
    await check('task');
    await context.close();
  });
});
