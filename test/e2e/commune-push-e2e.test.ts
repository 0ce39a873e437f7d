import fs from 'node:fs';
import path from 'node:path';
import type { JobHelpers } from 'graphile-worker';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAnswer, pollUntil, signIn, type HttpSession } from './http-session.ts';
import { createUser, TEST_PASSWORD, type TestApp } from '../app.ts';
import { startListeningApp } from './web-harness.ts';
import { PHONE_UA } from './web-steps.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { createManualDeadlinesTask } from '../../workers/tasks/manual-deadlines.ts';
import { createZaloChannel } from '../../workers/zalo-test-fixtures.ts';
import { startZaloSimulator, type ZaloSimulator } from '../../connectors/zalo/simulator.ts';
import { createCommuneWorld, type CommuneWorld } from '../commune-fixtures.ts';

/**
 * The must-show: an item approved for the Zalo OA, the campaign site and 30 commune
 * Zalo groups in 3 communes → the article broadcast on the Zalo simulator and 30 officer tasks; two officers
 * confirm through the phone page in headless Chromium with JavaScript DISABLED at a
 * 360×740 phone viewport (screenshots in test-artifacts/commune-push/); link clicks are
 * counted, a preview bot's are not; compliance shows on time / late / missed per commune.
 */
const ARTIFACTS = path.resolve('test-artifacts/commune-push');
const PAGE_BUDGET = 30 * 1024;

interface DeliveryJson {
  id: string;
  state: string;
  late: boolean;
  channel: { id: string; platform: string };
}

describe('Zalo end to end: OA broadcast, 30 commune group tasks, two officers on phones without JavaScript, clicks, compliance', () => {
  let t: TestApp;
  let base: string;
  let worker: LoaWorker;
  let browser: Browser;
  let world: CommuneWorld;
  let zalo: ZaloSimulator;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ({ t, base } = await startListeningApp({ clock, env: { LOG_LEVEL: 'info' } }));
    const { config, log, secrets, storage } = t.deps;
    // Zalo's own broadcast window is tested by the Zalo connector; here the broadcast may go at any hour.
    zalo = await startZaloSimulator({ clock, rules: { sendWindow: null } });
    worker = await startWorker({ db: t.db, databaseUrl: t.database.url, log, config, clock, secrets, storage });
    world = await createCommuneWorld(t.db, { communes: 3, groupsPerCommune: 10 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await zalo?.close();
    await t?.close();
  });

  /** A phone: JavaScript off, 360×740, an Android Chrome user agent. */
  const phone = (): Promise<BrowserContext> =>
    browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, userAgent: PHONE_UA });

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  /** Loads a page and checks its HTML (with inlined CSS) stays within the phone budget. */
  async function open(page: Page, url: string) {
    const res = await page.goto(url);
    expect(res!.status(), url).toBe(200);
    expect((await res!.body()).length, `${url} HTML+CSS bytes`).toBeLessThan(PAGE_BUDGET);
  }

  async function signInOnPhone(page: Page, email: string) {
    await open(page, `${base}/xa`);
    await page.fill('#email', email);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/xa`), page.click('button:has-text("Đăng nhập")')]);
  }

  /** Opens the task of `groupName` from the list, confirms it with the given member count; returns its tracked link. */
  async function confirmGroup(page: Page, groupName: string, o: { members: string; permalink?: string; screenshot?: string; shotAs?: string }) {
    await open(page, `${base}/xa`);
    await Promise.all([page.waitForURL(/\/xa\/nhiem-vu\//), page.locator('li', { hasText: groupName }).getByRole('link', { name: /^Đăng/ }).click()]);
    const taskUrl = page.url();
    await open(page, taskUrl);
    const tracked = (await page.locator('p.link').textContent())!.trim();
    expect(await page.locator('#text').inputValue()).toContain(tracked);
    if (o.shotAs) await shot(page, o.shotAs);
    await page.fill('#memberCount', o.members);
    if (o.permalink) await page.fill('#permalink', o.permalink);
    if (o.screenshot) await page.setInputFiles('#screenshot', o.screenshot);
    await Promise.all([page.waitForURL(/\/xa\?xong=/), page.click('button:has-text("Đã đăng vào nhóm này")')]);
    expect(await page.locator('p.note[role=status]').textContent()).toContain(`Đã ghi nhận: ${groupName}`);
    return { tracked, deliveryId: taskUrl.split('/').pop()! };
  }

  it('approve → Zalo OA broadcast + 30 officer tasks → two officers confirm on phones → clicks → compliance per commune', { timeout: 120_000 }, async () => {
    const approverEmail = 'pheduyet-e2e@ca.vn';
    await createUser(t.db, approverEmail, [{ role: 'approver', unitId: world.province }]);
    const admin = await signIn(base, world.adminEmail, TEST_PASSWORD);
    const editor = await signIn(base, world.editorEmail, TEST_PASSWORD);
    const approver = await signIn(base, approverEmail, TEST_PASSWORD);
    let manager: HttpSession = await signIn(base, world.managerEmail, TEST_PASSWORD);
    const site = await admin.send('POST', '/api/v1/channels', { unitId: world.province, platform: 'site', name: 'Trang Con đường hướng thiện' });
    expect(site.status, site.text).toBe(201);
    const oa = await createZaloChannel(t.db, t.deps.secrets, zalo, {
      unitId: world.province,
      settings: { sendWindow: { from: '00:00', to: '23:59' }, moderationDelayMinutes: 0, defaultCoverUrl: null },
    });

    const image = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 155, g: 28, b: 28 } } })
      .composite([{ input: Buffer.from('<svg width="1600" height="900"><rect x="100" y="100" width="1400" height="700" fill="#fde68a"/></svg>') }])
      .jpeg({ quality: 80 })
      .toBuffer();
    const uploaded = await editor.upload(`/api/v1/media?unitId=${world.province}&filename=${encodeURIComponent('vay-von-22.jpg')}&altText=${encodeURIComponent('Áp phích vay vốn ưu đãi')}`, image, 'image/jpeg');
    expect(uploaded.status, uploaded.text).toBe(201);
    const groups = world.communes.flatMap((c) => c.groups);
    const created = await editor.send('POST', '/api/v1/content', {
      unitId: world.province,
      title: 'Vay vốn ưu đãi cho người chấp hành xong án phạt tù',
      summary: 'Ai được vay, vay bao nhiêu, hỏi ở đâu.',
      body: 'Theo Quyết định 22/2023/QĐ-TTg, người chấp hành xong án phạt tù được vay vốn tại Ngân hàng Chính sách xã hội để sản xuất, kinh doanh.\n\nHồ sơ nộp qua Công an xã nơi cư trú.',
      theme: 'guidance',
      hashtags: ['TaiHoaNhap'],
      mediaIds: [uploaded.json().id],
      publishAt: new Date(Date.now() + 1500).toISOString(),
      targets: [site.json().id, oa.channelId, ...groups].map((channelId: string) => ({ channelId })),
    });
    expect(created.status, created.text).toBe(201);
    const itemId = created.json().item.id as string;
    expect((await editor.send('POST', `/api/v1/content/${itemId}/submit`)).status).toBe(200);
    const approved = await approver.send('POST', `/api/v1/content/${itemId}/approve`, { comment: 'Đồng ý; các xã đăng trong 24 giờ' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json().deliveries).toBe(32);

    const deliveries = async () => (await manager.send('GET', `/api/v1/deliveries?itemId=${itemId}&limit=100`)).json().items as DeliveryJson[];
    const tasks = await pollUntil(
      async () => {
        const all = await deliveries();
        const manual = all.filter((d) => d.channel.platform === 'zalo_group_manual');
        const published = (p: string) => all.find((d) => d.channel.platform === p)?.state === 'published';
        return manual.every((d) => d.state === 'awaiting_officer') && published('site') && published('zalo_oa') && manual;
      },
      '30 officer tasks, the site article and the Zalo OA broadcast',
      20_000,
    );
    expect(tasks).toHaveLength(30);
    expect(zalo.state.articles).toHaveLength(1);
    expect(zalo.state.broadcasts).toHaveLength(1);
    for (const c of world.communes) {
      const notes = await t.db.query.notifications.findMany({ where: (n, { and, eq }) => and(eq(n.userId, c.officerId), eq(n.kind, 'officer_task')) });
      expect(notes, c.name).toHaveLength(1);
    }

    // Officer of commune 1, on a phone without JavaScript: two groups on time, one with a screenshot.
    const [c1, c2, c3] = world.communes;
    const proofPath = path.join(ARTIFACTS, 'proof-input.png');
    fs.writeFileSync(proofPath, await sharp({ create: { width: 360, height: 740, channels: 3, background: '#e5e7eb' } }).png().toBuffer());
    const ctxA = await phone();
    const pageA = await ctxA.newPage();
    // The phone-sized thumbnails the task pages show, as the browser fetched them.
    const images: string[] = [];
    pageA.on('response', (r) => {
      if (r.url().includes('/xa/anh/') && r.status() === 200 && r.headers()['content-type'] === 'image/jpeg') images.push(r.url());
    });
    await signInOnPhone(pageA, c1!.officerEmail);
    expect(await pageA.locator('a.btn', { hasText: 'Đăng' }).count()).toBe(10);
    await shot(pageA, '1-list-officer-a');
    const g1 = await confirmGroup(pageA, 'Nhóm Zalo bản 1 –', { members: '52', permalink: 'https://zalo.me/g/chiengcoi1', screenshot: proofPath, shotAs: '2-task-officer-a' });
    await shot(pageA, '3-after-confirm-officer-a');
    await confirmGroup(pageA, 'Nhóm Zalo bản 2 –', { members: '48' });
    expect(images.filter((r) => r.includes('co=nho')).length).toBeGreaterThanOrEqual(1);

    // Officer of commune 2: one group on time.
    const ctxB = await phone();
    const pageB = await ctxB.newPage();
    await signInOnPhone(pageB, c2!.officerEmail);
    const g2 = await confirmGroup(pageB, 'Nhóm Zalo bản 1 –', { members: '70', shotAs: '4-task-officer-b' });

    // Group members follow the tracked links on their phones; a chat app's preview fetch is not a click.
    const reader = await phone();
    const readerPage = await reader.newPage();
    for (const link of [g1.tracked, g1.tracked, g2.tracked]) {
      const res = await readerPage.goto(link);
      expect(res!.status()).toBe(200);
      expect(readerPage.url()).toContain(`/bai-viet/`);
    }
    await shot(readerPage, '5-article-from-tracked-link');
    expect(readerPage.url()).toContain(`ref=loa:${g2.deliveryId}`);
    const preview = await fetchAnswer(g1.tracked, { redirect: 'manual', headers: { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' } });
    expect(preview.status).toBe(302);

    // The deadline passes: the rest is missed; officer B then pushes one more group, late.
    offsetMs = 24 * 3600_000 + 5 * 60_000;
    await createManualDeadlinesTask({ db: t.db, log: t.deps.log, clock })({}, {} as JobHelpers);
    // A day later the session has lapsed (12 h): the officer signs in again.
    await signInOnPhone(pageB, c2!.officerEmail);
    await shot(pageB, '6-list-officer-b-after-deadline');
    await confirmGroup(pageB, 'Nhóm Zalo bản 2 –', { members: '33' });
    manager = await signIn(base, world.managerEmail, TEST_PASSWORD);

    const states = await deliveries();
    const byId = new Map(states.map((d) => [d.id, d]));
    expect(byId.get(g1.deliveryId)).toMatchObject({ state: 'published', late: false });

    const report = await manager.send('GET', `/api/v1/compliance/items/${itemId}`);
    expect(report.status, report.text).toBe(200);
    const communes = new Map((report.json().communes as { unitId: string }[]).map((r) => [r.unitId, r]));
    expect(communes.get(c1!.id)).toMatchObject({ pushes: 10, onTime: 2, late: 0, missed: 8, awaiting: 0, estimatedReach: 100, clicks: 2 });
    expect(communes.get(c2!.id)).toMatchObject({ pushes: 10, onTime: 1, late: 1, missed: 8, awaiting: 0, estimatedReach: 103, clicks: 1 });
    expect(communes.get(c3!.id)).toMatchObject({ pushes: 10, onTime: 0, late: 0, missed: 10, estimatedReach: 0, clicks: 0 });
    expect(report.json().totals).toMatchObject({ pushes: 30, onTime: 3, late: 1, missed: 26, estimatedReach: 203, clicks: 3 });
    const unit = await manager.send('GET', `/api/v1/compliance/units/${world.province}`);
    expect(unit.json().items).toEqual([expect.objectContaining({ itemId, onTime: 3, late: 1, missed: 26 })]);
    const proof = await manager.send('GET', `/api/v1/compliance/proofs/${g1.deliveryId}`);
    expect(proof.status).toBe(200);
    await Promise.all([ctxA.close(), ctxB.close(), reader.close()]);
  });
});
