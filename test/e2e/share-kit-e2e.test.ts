import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../db/schema/index.ts';
import { TEST_PASSWORD } from '../app.ts';
import { fetchAnswer, signIn } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { choose, settle, typeDate } from './web-steps.ts';
import { PHONE_UA } from './web-steps.ts';

/**
 * The share-kit must-show over real HTTP with a real worker: an item approved for the site;
 * on the item's share-kit screen the editor sends it to a KOL with a deadline and issues the
 * KOL's personal secret link; the KOL, on a 360×640 phone with JavaScript OFF and no account,
 * copies the text (with their own tracked link and QR) and confirms where they shared it and
 * the reach they saw; the item's compliance and the screen show it as a share-kit delivery.
 * Re-issuing on the screen voids the old link; revoking there kills the new one.
 */

describe('share kit end to end: a KOL confirms on a phone without JavaScript', () => {
  let h: WebHarness;

  beforeAll(async () => {
    h = await startWebHarness({ worker: true });
  });
  afterAll(() => h?.close());

  it('issues a secret link, the KOL confirms at 360×640 with JavaScript off, compliance counts it; links revoke', async () => {
    const admin = await signIn(h.base, h.org.emails.admin, TEST_PASSWORD);
    const editor = await signIn(h.base, h.org.emails.editor, TEST_PASSWORD);
    const approver = await signIn(h.base, h.org.emails.approver, TEST_PASSWORD);
    const kol = await admin.send('POST', '/api/v1/channels', {
      unitId: h.org.provinceId,
      platform: 'share_kit',
      name: 'KOL Lò Thị Hoa (TikTok)',
      memberCount: 120_000,
      settings: { deadlineHours: 48 },
    });
    expect(kol.status, kol.text).toBe(201);
    const kolChannel = kol.json().id as string;
    const [{ id: siteChannel }] = (await h.t.db.insert(channels).values({ unitId: h.org.provinceId, platform: 'site', name: 'Trang Con đường hướng thiện' }).returning({ id: channels.id })) as [{ id: string }];

    const created = await editor.send('POST', '/api/v1/content', {
      unitId: h.org.provinceId,
      title: 'Chung tay giúp người lầm lỗi hoàn lương',
      body: 'Mỗi lời động viên của cộng đồng giúp người chấp hành xong án phạt tù vững bước trở về.',
      theme: 'policy',
      targets: [{ channelId: siteChannel }],
    });
    expect(created.status, created.text).toBe(201);
    const itemId = created.json().item.id as string;
    const submitted = await editor.send('POST', `/api/v1/content/${itemId}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    expect((await approver.send('POST', `/api/v1/content/${itemId}/approve`, { comment: 'Đồng ý' })).status).toBe(200);

    // The editor's screen: the item → its share kits → send to the KOL with a deadline two days out.
    const screen = await h.newPage();
    await h.signInAs(screen, 'editor');
    await screen.goto(`${h.base}/app/bai-viet/${itemId}`);
    await screen.getByRole('link', { name: 'Bộ chia sẻ (KOL, nhóm lớn, người có uy tín)' }).click();
    await screen.getByRole('heading', { level: 1, name: 'Bộ chia sẻ: Chung tay giúp người lầm lỗi hoàn lương' }).waitFor();
    await choose(screen, 'Người nhận', 'KOL Lò Thị Hoa (TikTok)');
    const deadline = new Date(Date.now() + 2 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 11) + '17:00';
    await typeDate(screen, /Hạn chia sẻ/, `${deadline.slice(8, 10)}/${deadline.slice(5, 7)}/${deadline.slice(0, 4)} 17:00`);
    const creates: string[] = [];
    screen.on('request', (r) => r.method() === 'POST' && /^\/api\/v1\/share-kits\/items\//.test(new URL(r.url()).pathname) && creates.push(r.url()));
    // Two clicks in one task (a bouncing mouse): the kit is made once, not refused the second time in red.
    await screen.getByRole('button', { name: 'Tạo bộ chia sẻ' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await screen.getByText('Đã tạo 1 bộ chia sẻ').waitFor();
    expect(creates).toHaveLength(1);
    // The worker opens the kit (its tracked link); the screen refreshes until it is open.
    await screen.getByText('Đã mở, chờ xác nhận').waitFor(settle);
    expect(await screen.getByText(`Hạn: ${deadline.slice(8, 10)}/${deadline.slice(5, 7)}/${deadline.slice(0, 4)} 17:00`).count()).toBe(1);
    await screen.getByRole('button', { name: 'Cấp liên kết riêng cho KOL Lò Thị Hoa (TikTok)' }).click();
    const shown = screen.getByRole('status').filter({ hasText: 'Liên kết riêng của KOL Lò Thị Hoa (TikTok)' });
    const url = (await shown.locator('pre').textContent())!.trim();
    expect(url).toMatch(new RegExp(`^${h.base}/chia-se/[A-Za-z0-9_-]{32}$`));
    expect(await shown.getByRole('button', { name: 'Sao chép liên kết' }).count()).toBe(1);
    await h.checkPage(screen, 'share-kits-screen-issued');
    const qr = await screen.getByRole('link', { name: 'Tải mã QR liên kết theo dõi của KOL Lò Thị Hoa (TikTok)' }).getAttribute('href');
    const qrPng = await editor.send('GET', qr!);
    expect(qrPng.status).toBe(200);

    const phone = await h.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, userAgent: PHONE_UA, locale: 'vi-VN' });
    const page = await phone.newPage();
    const res = await page.goto(url);
    expect(res!.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Chung tay giúp người lầm lỗi hoàn lương');
    expect(await page.locator('main').textContent()).toContain('Bộ chia sẻ dành riêng cho: KOL Lò Thị Hoa (TikTok)');
    const text = await page.getByLabel('Nội dung để đăng').inputValue();
    const tracked = (await page.locator('p.link').textContent())!;
    expect(tracked).toMatch(new RegExp(`^${h.base}/l/[2-9a-hjkmnp-z]{7}$`));
    expect(text).toContain(tracked);
    expect(await page.getByRole('img', { name: 'Mã QR của liên kết riêng' }).count()).toBe(1);
    // Nothing fits wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test-artifacts/share-kit-open-phone.png', fullPage: true });
    const twin = await h.newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
    await twin.goto(url);
    await h.checkPage(twin, 'share-kit-open');
    await twin.context().close();

    await page.getByLabel(/Liên kết bài bạn đã đăng/).fill('https://www.tiktok.com/@lothihoa/video/7412345678901234567');
    await page.getByLabel(/Số người bạn thấy đã tiếp cận/).fill('15.000');
    await page.getByRole('button', { name: 'Tôi đã chia sẻ' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Cảm ơn bạn! Đã ghi nhận bạn chia sẻ bài này.');
    await page.screenshot({ path: 'test-artifacts/share-kit-confirmed-phone.png', fullPage: true });

    const compliance = await editor.send('GET', `/api/v1/compliance/items/${itemId}`);
    expect(compliance.status).toBe(200);
    expect(compliance.json().shareKits.totals).toMatchObject({ pushes: 1, onTime: 1, late: 0, missed: 0, awaiting: 0, estimatedReach: 15_000 });
    expect(compliance.json().shareKits.recipients).toEqual([expect.objectContaining({ channelId: kolChannel, name: 'KOL Lò Thị Hoa (TikTok)', onTime: 1 })]);
    // Kits are deliveries of their own kind: never counted as commune group pushes.
    expect(compliance.json().totals.pushes).toBe(0);
    const kits = (await editor.send('GET', `/api/v1/share-kits/items/${itemId}`)).json().items;
    expect(kits).toEqual([
      expect.objectContaining({
        recipient: 'KOL Lò Thị Hoa (TikTok)',
        state: 'published',
        trackedUrl: tracked,
        confirmation: expect.objectContaining({ permalink: 'https://www.tiktok.com/@lothihoa/video/7412345678901234567', reach: 15_000 }),
      }),
    ]);
    const kitId = kits[0].deliveryId as string;

    // The screen shows the confirmation; issuing again there voids the first link; revoking ends the second.
    await screen.reload();
    await screen.getByText('Đã xác nhận', { exact: true }).waitFor(settle);
    expect(await screen.getByText('Tiếp cận: 15.000 người').count()).toBe(1);
    expect(await screen.getByRole('link', { name: 'Xem bài đã chia sẻ' }).getAttribute('href')).toBe('https://www.tiktok.com/@lothihoa/video/7412345678901234567');
    await h.checkPage(screen, 'share-kits-screen-confirmed');
    await screen.getByRole('button', { name: 'Cấp lại liên kết riêng cho KOL Lò Thị Hoa (TikTok)' }).click();
    const second = (await screen.getByRole('status').filter({ hasText: 'Liên kết riêng của' }).locator('pre').textContent())!.trim();
    expect(second).not.toBe(url);
    expect((await fetchAnswer(url)).status).toBe(404);
    expect((await fetchAnswer(second)).status).toBe(200);
    await screen.getByRole('button', { name: 'Thu hồi liên kết' }).click();
    await screen.getByRole('dialog').getByRole('button', { name: 'Thu hồi liên kết' }).click();
    await screen.getByText('Chưa cấp liên kết riêng').waitFor(settle);
    const revoked = await fetchAnswer(second);
    expect(revoked.status).toBe(404);
    expect(revoked.text).toContain('Liên kết này đã hết hạn hoặc đã được thu hồi');
    // Only delivery managers of the recipient's unit hand out links.
    const viewer = await signIn(h.base, h.org.emails.viewer, TEST_PASSWORD);
    expect((await viewer.send('POST', `/api/v1/share-kits/deliveries/${kitId}/link`)).status).toBe(403);
    expect((await viewer.send('POST', `/api/v1/share-kits/items/${itemId}`, { channelIds: [kolChannel] })).status).toBe(403);
  }, 120_000);
});
