import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, consents, deliveries, media } from '../../db/schema/index.ts';
import { jpeg } from '../../server/routes/media/test-files.ts';
import { login } from '../app.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { PHONE } from './web-steps.ts';


/** The machine is shared: give the app time to answer (polled, never a fixed wait). */
const settle = { timeout: 20_000, interval: 100 };
/**
 * The library screens in a real browser over the real server: a consent recorded with its
 * signed form, the items list searched without accents, the media library's usage and alt
 * text, and a withdrawal that shows its impact before it cancels the deliveries.
 */
describe('web app: items, media library and consents', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(() => h?.close());

  it('records a consent with its form, finds the item, edits alt text, and withdraws the consent after seeing its impact', { timeout: 180_000 }, async () => {
    const [fanpage] = await h.t.db.insert(channels).values({ unitId: h.org.provinceId, platform: 'facebook_page', name: 'Fanpage Công an tỉnh' }).returning();
    const page = await h.newPage();
    await h.signInAs(page, 'editor');

    // Record a consent, the signed form attached.
    await page.goto(`${h.base}/app/dong-y`);
    await page.getByRole('button', { name: 'Ghi nhận bản đồng ý' }).click();
    await page.getByRole('textbox', { name: 'Họ tên người đồng ý' }).fill('Nguyễn Văn Phước');
    await page.getByRole('textbox', { name: 'Phạm vi đồng ý' }).fill('Ảnh, tên và câu chuyện trên các kênh của chiến dịch');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Văn bản đồng ý đã ký (ảnh chụp hoặc PDF)' }).click()]);
    await chooser.setFiles({ name: 'ban-dong-y.jpg', mimeType: 'image/jpeg', buffer: await jpeg(300, 400) });
    await h.checkPage(page, 'web/consent-record');
    // A day that does not exist stays as typed and is refused (nothing is sent, not even the form's file),
    // where Mantine used to put today back quietly.
    const sent: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && sent.push(r.url()));
    const granted = page.getByRole('textbox', { name: 'Ngày đồng ý' });
    // Typed key by key, then left for the name field (Tab would open the next date field's calendar).
    const typeGrantedOn = async (text: string) => {
      await granted.click();
      await granted.press('ControlOrMeta+A');
      await granted.pressSequentially(text);
      await page.getByRole('textbox', { name: 'Họ tên người đồng ý' }).click();
    };
    await typeGrantedOn('31/02/2026');
    expect(await granted.inputValue()).toBe('31/02/2026');
    await page.getByText('Nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026').waitFor();
    expect(await granted.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('dialog').getByRole('button', { name: 'Ghi nhận bản đồng ý' }).click();
    expect(await granted.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    expect(sent).toEqual([]);
    expect(await h.t.db.select().from(consents)).toEqual([]);
    // Corrected, the error goes and the consent is saved from the start of that day in Vietnam.
    await typeGrantedOn('01/12/2026');
    expect(await granted.inputValue()).toBe('01/12/2026');
    expect(await page.getByText('Nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026').count()).toBe(0);
    // Two clicks in one task (a bouncing mouse on a slow PC): one consent, not the same person recorded twice.
    await page.getByRole('dialog').getByRole('button', { name: 'Ghi nhận bản đồng ý' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await expect.poll(async () => (await h.t.db.select().from(consents)).length, settle).toBe(1);
    expect(sent.filter((url) => /^\/api\/v1\/consents\/?$/.test(new URL(url).pathname))).toHaveLength(1);
    const [consent] = await h.t.db.select().from(consents);
    expect(consent).toMatchObject({ personName: 'Nguyễn Văn Phước', documentMediaId: expect.any(String), grantedAt: new Date('2026-11-30T17:00:00Z') });

    // A testimony using it, approved (through the API, as the composer test covers the screens).
    const editor = await login(h.t.app, h.org.emails.editor);
    const approver = await login(h.t.app, h.org.emails.approver);
    const photo = (await editor.request('POST', `/api/v1/media?unitId=${h.org.provinceId}&filename=chan-dung.jpg`, await jpeg(640, 480), { 'content-type': 'image/jpeg' })).json();
    const created = await editor.request('POST', '/api/v1/content', {
      unitId: h.org.provinceId,
      title: 'Tự bạch: anh Phước làm lại cuộc đời',
      body: 'Câu chuyện hoàn lương ở xã Hướng Thiện.',
      theme: 'testimony',
      mediaIds: [photo.id],
      consentIds: [consent!.id],
      targets: [{ channelId: fanpage!.id }],
      publishAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const itemId = created.json().item.id as string;
    expect((await editor.request('POST', `/api/v1/content/${itemId}/submit`)).statusCode).toBe(200);
    expect((await approver.request('POST', `/api/v1/content/${itemId}/approve`, {})).statusCode).toBe(200);

    // Items: found by words typed without accents, leading to the item.
    await page.goto(`${h.base}/app/bai-viet`);
    await page.getByRole('textbox', { name: 'Tìm theo tiêu đề' }).fill('anh phuoc');
    await expect.poll(() => page.getByRole('link', { name: 'Tự bạch: anh Phước làm lại cuộc đời' }).isVisible(), settle).toBe(true);
    await h.checkPage(page, 'web/items');
    await page.getByRole('link', { name: 'Tự bạch: anh Phước làm lại cuộc đời' }).click();
    await page.waitForURL(`${h.base}/app/bai-viet/${itemId}`);
    await expect.poll(() => page.getByRole('main').getByText('Đã duyệt', { exact: true }).first().isVisible(), settle).toBe(true);

    // Media library: where the photo is used, which consent covers it; alt text edited.
    await page.goto(`${h.base}/app/thu-vien`);
    await page.getByRole('button', { name: /chan-dung\.jpg/ }).click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByRole('link', { name: 'Tự bạch: anh Phước làm lại cuộc đời' }).isVisible(), settle).toBe(true);
    await expect.poll(() => drawer.getByRole('link', { name: 'Nguyễn Văn Phước' }).isVisible(), settle).toBe(true);
    await drawer.getByRole('textbox', { name: 'Mô tả thay thế (alt)' }).fill('Anh Phước bên xưởng mộc của gia đình');
    await drawer.getByRole('button', { name: 'Lưu mô tả' }).click();
    await expect.poll(async () => (await h.t.db.select().from(media).where(eq(media.id, photo.id)))[0]!.altText, settle).toBe('Anh Phước bên xưởng mộc của gia đình');
    await h.checkPage(page, 'web/media-library');

    // Consents: the impact before confirming, then the withdrawal cancels the unstarted delivery.
    await page.goto(`${h.base}/app/dong-y?id=${consent!.id}`);
    const details = page.getByRole('dialog');
    await expect.poll(() => details.getByTestId('withdraw-impact').textContent(), settle).toContain('Rút lại sẽ huỷ 1 lượt đăng chưa diễn ra; 0 lượt đã đăng cần gỡ xuống');
    await expect.poll(() => details.getByRole('link', { name: 'Tự bạch: anh Phước làm lại cuộc đời' }).isVisible(), settle).toBe(true);
    await h.checkPage(page, 'web/consent-details');
    await details.getByRole('textbox', { name: 'Lý do rút lại' }).fill('Gia đình không muốn công khai nữa');
    await details.getByRole('button', { name: 'Rút lại sự đồng ý' }).click();
    await details.getByRole('button', { name: 'Xác nhận rút lại (huỷ 1 lượt đăng)' }).click();
    await expect.poll(() => details.getByText('Đã rút lại: huỷ 1 lượt đăng').isVisible(), settle).toBe(true);
    const [delivery] = await h.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));
    expect(delivery).toMatchObject({ state: 'cancelled', lastErrorCode: 'CONSENT_WITHDRAWN' });
  });

  it('lists consents on a 360px phone without the page scrolling sideways; Back closes an opened consent, not the page', { timeout: 90_000 }, async () => {
    await h.t.db.insert(consents).values({ unitId: h.org.communeId, personName: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)', scope: 'Ảnh và câu chuyện', grantedAt: new Date('2026-11-25T03:00:00Z'), expiresAt: new Date('2027-12-07T03:00:00Z'), recordedBy: h.org.userIds.commune_officer });
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'commune_officer');
    await page.goto(`${h.base}/app/dong-y`);
    await page.getByRole('button', { name: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)' }).waitFor();
    // Four columns scroll inside their own box; the page, and the dialogs centred on it, stay 360px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await h.checkPage(page, 'web/consents-phone');

    // The phone's Back closes an opened consent; it does not leave the consents page.
    await page.getByRole('button', { name: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)' }).tap();
    const drawer = page.getByRole('dialog', { name: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)' });
    await drawer.waitFor();
    await page.goBack();
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/app/dong-y');
    await page.getByRole('heading', { name: 'Bản đồng ý', level: 1 }).waitFor();
    // Closed with its cross, it is gone from the address too, and Back does not bring it back.
    await page.getByRole('button', { name: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)' }).tap();
    await drawer.getByRole('button', { name: 'Đóng' }).tap();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  it('closes an opened file of the media library with Back, staying on the library', { timeout: 90_000 }, async () => {
    const editor = await login(h.t.app, h.org.emails.editor);
    await editor.request('POST', `/api/v1/media?unitId=${h.org.provinceId}&filename=ap-phich-xa.jpg`, await jpeg(320, 240), { 'content-type': 'image/jpeg' });
    const page = await h.newPage(PHONE);
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/thu-vien`);
    await page.getByText('ap-phich-xa.jpg').tap();
    const drawer = page.getByRole('dialog', { name: 'ap-phich-xa.jpg' });
    await drawer.waitFor();
    await page.goBack();
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/app/thu-vien');
    await page.getByRole('heading', { name: 'Thư viện ảnh, video', level: 1 }).waitFor();
  });
});
