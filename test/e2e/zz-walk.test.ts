import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { createSiteConnector } from '../../connectors/site/index.ts';
import { createSiteStore } from '../../core/site/store.ts';
import { TEST_PASSWORD, type TestApp } from '../app.ts';
import { approveItem, createCommuneWorld, openTasks, uploadTestImage, type CommuneWorld } from '../commune-fixtures.ts';
import { createSiteFixture, newSiteDelivery, siteContext } from '../site-fixtures.ts';
import { startListeningApp } from './web-harness.ts';
import { PHONE, PHONE_UA } from './web-steps.ts';

let t: TestApp; let base: string; let browser: Browser; let world: CommuneWorld; let slug = ''; let task = ''; let photoTask = '';
const out: string[] = [];
beforeAll(async () => {
  ({ t, base } = await startListeningApp());
  const fx = await createSiteFixture(t.db, 'Công an tỉnh Bình Định');
  const site = createSiteConnector({ store: createSiteStore({ db: t.db, publicUrl: base, clock: { now: () => new Date() } }) });
  for (let i = 1; i <= 21; i++) {
    const post = await newSiteDelivery(fx, { title: `Vay vốn ưu đãi cho người chấp hành xong án phạt tù theo Quyết định 22/2023/QĐ-TTg, kỳ ${i}`, summary: 'Ai được vay, vay bao nhiêu và hồ sơ gồm những gì: https://nganhang.example.vn/huong-dan-vay-von-uu-dai-nguoi-chap-hanh-xong-an-phat-tu', body: 'Người chấp hành xong án phạt tù được vay đến 100 triệu đồng.\n\nXem https://nganhang.example.vn/huong-dan-vay-von-uu-dai-nguoi-chap-hanh-xong-an-phat-tu-dai-dai-dai\n\nHồ sơ nộp tại Ngân hàng Chính sách xã hội nơi cư trú.', theme: 'guidance' } as never);
    await site.publish(post, siteContext(fx));
    slug = post.slug;
  }
  world = await createCommuneWorld(t.db, { communes: 1, groupsPerCommune: 2 });
  const now = new Date();
  const [a, b] = world.communes[0]!.groups;
  const plain = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [a!], publishAt: now, publicUrl: base });
  const photo = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [b!], publishAt: now, mediaIds: [await uploadTestImage(t, world)], publicUrl: base });
  await openTasks(t.db, [...plain.deliveryIds, ...photo.deliveryIds], now);
  task = plain.deliveryIds[0]!; photoTask = photo.deliveryIds[0]!;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);
afterAll(async () => { fs.writeFileSync('/tmp/pq/walk.txt', out.join('\n') + '\n'); await browser?.close(); await t?.close(); });

async function audit(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/pq/shots/${name}.png`, fullPage: true });
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const small = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary')]
      .map((e) => ({ e, r: e.getBoundingClientRect(), inline: !!e.closest('p, li p, .prose, article .body') && e.tagName === 'A' && getComputedStyle(e).display === 'inline' }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 24))
      .map(({ e, r, inline }) => `${inline ? '(inline) ' : ''}${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''} "${(e.textContent || e.getAttribute('name') || e.id || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    const over = [...document.querySelectorAll<HTMLElement>('body *')].filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.right > vw + 1; }).map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`).slice(0, 5);
    const home = [...document.querySelectorAll('a[href]')].filter((a) => /^\/(xa)?$/.test(a.getAttribute('href')!) || a.classList.contains('back')).map((a) => (a.textContent || '').trim()).slice(0, 3);
    return { scrollW: document.documentElement.scrollWidth, small, over, home, title: document.title };
  });
  out.push(`## ${name} — ${page.url()} — "${r.title}" scrollW=${r.scrollW} back/home=${JSON.stringify(r.home)}`);
  for (const s of r.small) out.push(`  small: ${s}`);
  for (const s of r.over) out.push(`  overflow: ${s}`);
}

it('walk', { timeout: 600_000 }, async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, ...PHONE, deviceScaleFactor: 2, userAgent: PHONE_UA, locale: 'vi-VN' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 });
  const go = async (url: string, name: string) => { const t0 = Date.now(); const res = await page.goto(base + url, { timeout: 60_000 }); out.push(`# ${name} status=${res?.status()} load ${Date.now() - t0} ms`); await audit(page, name); };
  await go('/', 'home');
  await go(`/bai-viet/${slug}`, 'article');
  await go('/hoi-dap', 'qa');
  await go('/video', 'video');
  await go('/tim-kiem?q=vay', 'search');
  await go('/tim-kiem?q=', 'search-empty');
  await go('/khong-co', '404');
  const themes = await page.evaluate(() => [...document.querySelectorAll('a[href^="/chu-de/"]')].map((a) => a.getAttribute('href')));
  if (themes[0]) await go(themes[0], 'theme');
  await go('/hoi-dap/gui-cau-hoi', 'ask');
  // Fill some fields, leave the question too short.
  await page.fill('#body', 'Ngắn');
  await page.fill('#name', 'Nguyễn Văn A').catch(() => out.push('  no #name'));
  await page.fill('#contact', 'khong-hop-le').catch(() => out.push('  no #contact'));
  await Promise.all([page.waitForLoadState(), page.locator('.form button').click()]);
  out.push(`# ask-4xx kept: body=${await page.inputValue('#body').catch(() => '?')} name=${await page.inputValue('#name').catch(() => '?')} contact=${await page.inputValue('#contact').catch(() => '?')}`);
  out.push('  errors: ' + (await page.locator('.field-error, .error, [role=alert]').allTextContents()).join(' | '));
  await audit(page, 'ask-4xx');
  // /xa
  await go('/xa', 'xa-login');
  await page.fill('#email', world.communes[0]!.officerEmail);
  await page.fill('#password', 'sai');
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  out.push(`# xa-login-4xx email kept=${await page.inputValue('#email')}`);
  out.push('  errors: ' + (await page.locator('.note, [role=alert]').allTextContents()).join(' | '));
  await audit(page, 'xa-login-4xx');
  await page.fill('#password', TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/xa`, { timeout: 60_000 }), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  await audit(page, 'xa-list');
  await go(`/xa/nhiem-vu/${photoTask}`, 'xa-task-photo');
  await go(`/xa/nhiem-vu/${task}`, 'xa-task');
  await page.fill('#memberCount', '-5');
  await page.fill('#permalink', 'khong phai lien ket');
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).click()]);
  out.push(`# xa-task-4xx url=${page.url()} memberCount=${await page.inputValue('#memberCount').catch(() => '?')} permalink=${await page.inputValue('#permalink').catch(() => '?')}`);
  out.push('  errors: ' + (await page.locator('.note, [role=alert], .field-error').allTextContents()).join(' | '));
  await audit(page, 'xa-task-4xx');
  await page.fill('#memberCount', '12');
  await page.fill('#permalink', '');
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Đã đăng vào nhóm này' }).click()]);
  await audit(page, 'xa-done');
  await go(`/xa/nhiem-vu/00000000-0000-4000-8000-000000000000`, 'xa-task-404');
  await go(`/xa/nhiem-vu/khong-phai-uuid`, 'xa-task-400');
  await go(`/xa/khong-co`, 'xa-unknown');
  await ctx.close();
});
