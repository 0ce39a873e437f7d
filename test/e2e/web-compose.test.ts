import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { channels, contentItems, media, memberships, revisions } from '../../db/schema/index.ts';
import { fakeMp4, jpeg } from '../../server/routes/media/test-files.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { choose, settle, tabTo, uploadPhoto, uploadVideoCutHalfway } from './web-steps.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The officer's day in the web app through the real server and PostgreSQL: an editor writes
 * an item with a photo and a video (the video's upload cut halfway and resumed), sees the
 * Facebook and Zalo previews, loses nothing on reload and submits; the approver reads the
 * diff and approves with the keyboard; an edit of the approved item is a new revision,
 * which its own writer cannot approve.
 */
describe('web app: composer and approval inbox', () => {
  let h: WebHarness;
  let fanpage: string;
  let zaloGroup: string;
  beforeAll(async () => {
    h = await startWebHarness();
    const add = async (unitId: string, platform: 'facebook_page' | 'zalo_group_manual' | 'site', name: string) =>
      (await h.t.db.insert(channels).values({ unitId, platform, name }).returning({ id: channels.id }))[0]!.id;
    fanpage = await add(h.org.provinceId, 'facebook_page', 'Fanpage Công an tỉnh');
    zaloGroup = await add(h.org.communeId, 'zalo_group_manual', 'Nhóm Zalo thôn Hướng Thiện');
    await add(h.org.provinceId, 'site', 'Trang Con đường hướng thiện');
  });
  afterAll(() => h?.close());

  /** An editor writes an item to the Fanpage and sends it for review, in the browser; its id. */
  async function submittedByEditor(title: string): Promise<string> {
    const editor = await h.newPage();
    await h.signInAs(editor, 'editor');
    await editor.goto(`${h.base}/app/bai-viet/moi`);
    await editor.getByRole('textbox', { name: 'Tiêu đề', exact: true }).fill(title);
    await choose(editor, 'Kênh đăng', 'Fanpage Công an tỉnh · Trang Facebook');
    await editor.getByRole('button', { name: 'Gửi duyệt' }).click();
    await editor.waitForURL(/\/app\/bai-viet\/[0-9a-f-]{36}$/);
    return editor.url().split('/').pop()!;
  }

  it('composes with a photo and a resumed video, previews Facebook and Zalo, submits; the approver approves from the diff', { timeout: 180_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    await page.getByRole('textbox', { name: 'Tiêu đề', exact: true }).fill('Vay vốn ưu đãi cho người hoàn lương');
    await page.getByRole('textbox', { name: 'Nội dung', exact: true }).fill('Người chấp hành xong án phạt tù được vay vốn để học nghề. Liên hệ Công an xã.');
    await choose(page, 'Chủ đề', 'Hướng dẫn tái hòa nhập');
    await choose(page, 'Kênh đăng', 'Fanpage Công an tỉnh · Trang Facebook');
    await choose(page, 'Kênh đăng', 'Nhóm Zalo thôn Hướng Thiện');

    // The time is typed as Vietnamese officers write it, in Vietnam time, whatever the browser's language.
    const at = new Date(Date.now() + 3 * 86_400_000);
    const vn = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(at);
    await page.getByRole('textbox', { name: 'Thời điểm đăng (giờ Việt Nam)' }).fill(`${vn} 19:30`);
    await expect.poll(() => page.getByText(`Đăng lúc ${vn} 19:30 (giờ Việt Nam)`).isVisible(), settle).toBe(true);

    // Nothing typed is lost on a reload before saving.
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Tiêu đề', exact: true }).inputValue(), settle).toBe('Vay vốn ưu đãi cho người hoàn lương');

    const photo = await jpeg(640, 480);
    await uploadPhoto(page, 'hop-dan.jpg', photo);
    // The photo's description for screen readers is asked right there, and saved when the field is left.
    await page.getByRole('textbox', { name: 'Mô tả ảnh cho người khiếm thị: hop-dan.jpg' }).fill('Cán bộ xã họp dân về vay vốn');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByText('Đã lưu mô tả ảnh').isVisible(), settle).toBe(true);
    expect((await h.t.db.select().from(media).where(eq(media.originalName, 'hop-dan.jpg')))[0]!.altText).toBe('Cán bộ xã họp dân về vay vốn');

    // The video goes in 1 MB chunks; the connection drops on the second one and the upload resumes from the server's offset.
    const video = fakeMp4(2 * 1024 * 1024 + 300_000);
    const offsets = await uploadVideoCutHalfway(page, 'phong-su.mp4', video);
    expect(offsets).toEqual(['0', '1048576', '1048576', '2097152']);
    const [stored] = await h.t.db.select().from(media).where(eq(media.originalName, 'phong-su.mp4'));
    expect(stored).toMatchObject({ status: 'ready', kind: 'video', sizeBytes: video.length, sha256: sha256(video) });

    // The library picker, checked while open (an unnamed close button is a critical axe finding), then closed by its name.
    await page.getByRole('button', { name: 'Chọn từ thư viện' }).click();
    const picker = page.getByRole('dialog', { name: 'Chọn từ thư viện' });
    await expect.poll(() => picker.getByText('hop-dan.jpg').isVisible(), settle).toBe(true);
    await h.checkPage(page, 'web/composer-library');
    await picker.getByRole('button', { name: 'Đóng', exact: true }).click();
    await expect.poll(() => picker.count(), settle).toBe(0);

    // Previews as each destination shows them, with the server's rendering.
    await page.getByRole('tab', { name: 'Trang Facebook' }).click();
    const facebook = page.locator('[data-preview="facebook_page"]');
    await expect.poll(() => facebook.textContent(), settle).toContain('được vay vốn để học nghề');
    await page.getByRole('tab', { name: 'Nhóm Zalo (cán bộ xã đăng)' }).click();
    const zalo = page.locator('[data-preview="zalo_group_manual"]');
    await expect.poll(() => zalo.textContent(), settle).toContain('#ConDuongHuongThien');
    await page.getByRole('tab', { name: 'Thẻ chia sẻ' }).click();
    await expect.poll(() => page.locator('[data-preview="og-card"] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), settle).toBe(1200);
    await h.checkPage(page, 'web/composer');

    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.waitForURL(/\/app\/bai-viet\/[0-9a-f-]{36}$/);
    const itemId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByRole('main').getByText('Chờ duyệt', { exact: true }).first().isVisible(), settle).toBe(true);
    await h.checkPage(page, 'web/item');
    const [submitted] = await h.t.db.select().from(revisions).where(eq(revisions.itemId, itemId));
    expect(submitted).toMatchObject({ state: 'in_review', mediaIds: [expect.any(String), stored!.id] });
    const [d, m, y] = vn.split('/');
    expect(submitted!.publishAt!.toISOString()).toBe(`${y}-${m}-${d}T12:30:00.000Z`);

    // The approver, keyboard only: inbox → the item → comment → approve.
    const approverPage = await h.newPage();
    await h.signInAs(approverPage, 'approver');
    await approverPage.goto(`${h.base}/app/duyet`);
    await expect.poll(() => approverPage.getByRole('link', { name: 'Vay vốn ưu đãi cho người hoàn lương' }).isVisible(), settle).toBe(true);
    await h.checkPage(approverPage, 'web/approval-inbox');
    await tabTo(approverPage, (el) => el.tag === 'A' && el.text === 'Vay vốn ưu đãi cho người hoàn lương');
    await approverPage.keyboard.press('Enter');
    await approverPage.waitForURL(`${h.base}/app/duyet/${itemId}`);
    await expect.poll(() => approverPage.getByText('Bài chưa được duyệt lần nào').isVisible(), settle).toBe(true);
    expect(await approverPage.getByText(`Đăng lúc ${vn} 19:30 (giờ Việt Nam).`).isVisible()).toBe(true);
    // Media and targets are named, not shown as ids.
    const diff = approverPage.locator('.mantine-Card-root', { hasText: 'Ảnh, video' }).first();
    expect(await diff.getByText('phong-su.mp4').isVisible()).toBe(true);
    // The photo itself is there to judge, with the description a screen reader will read.
    const mediaSection = approverPage.getByRole('heading', { name: 'Ảnh, video sẽ đăng kèm' });
    await expect.poll(() => mediaSection.isVisible(), settle).toBe(true);
    const photoShown = approverPage.getByRole('img', { name: 'Cán bộ xã họp dân về vay vốn' });
    await expect.poll(() => photoShown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), settle).toBe(640);
    expect(await approverPage.getByText('Mô tả ảnh (cho người khiếm thị): Cán bộ xã họp dân về vay vốn').isVisible()).toBe(true);
    expect(await approverPage.locator(`video[src="/api/v1/media/${stored!.id}/content"]`).count()).toBe(1);
    expect(await approverPage.getByText('Nhóm Zalo thôn Hướng Thiện').isVisible()).toBe(true);
    await h.checkPage(approverPage, 'web/approval-review');
    await tabTo(approverPage, (el) => el.tag === 'TEXTAREA');
    await approverPage.keyboard.type('Đồng ý đăng');
    await tabTo(approverPage, (el) => el.tag === 'BUTTON' && el.text === 'Duyệt');
    await approverPage.keyboard.press('Enter');
    await approverPage.waitForURL(`${h.base}/app/duyet`);
    await expect.poll(async () => (await h.t.db.select().from(revisions).where(eq(revisions.itemId, itemId)))[0]!.state, settle).toBe('approved');

    // Editing the approved item makes revision 2, shown as such; the approver sees only what changed.
    await page.goto(`${h.base}/app/bai-viet/${itemId}/sua`);
    await expect.poll(() => page.getByText('Lưu thay đổi sẽ tạo phiên bản 2').isVisible(), settle).toBe(true);
    await page.getByRole('textbox', { name: 'Nội dung', exact: true }).fill('Người chấp hành xong án phạt tù được vay tối đa 100 triệu đồng. Liên hệ Công an xã.');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.waitForURL(`${h.base}/app/bai-viet/${itemId}`);
    await approverPage.goto(`${h.base}/app/duyet/${itemId}`);
    await expect.poll(() => approverPage.getByText('Thay đổi so với phiên bản đã duyệt 1').isVisible(), settle).toBe(true);
    expect(await approverPage.locator('ins').allTextContents()).toContain('tối đa 100 triệu đồng.');
  });

  it('shows approval disabled, with the server’s reason, to someone who wrote the revision', { timeout: 90_000 }, async () => {
    const [editor] = await h.t.db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.unitId, h.org.provinceId), eq(memberships.role, 'editor')));
    await h.t.db.insert(memberships).values({ userId: editor!.userId, unitId: h.org.provinceId, role: 'approver' });
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    await page.getByRole('textbox', { name: 'Tiêu đề', exact: true }).fill('Cảnh giác lừa đảo việc làm');
    await page.getByRole('textbox', { name: 'Nội dung', exact: true }).fill('Không đặt cọc tiền để nhận việc.');
    await choose(page, 'Kênh đăng', 'Fanpage Công an tỉnh · Trang Facebook');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.waitForURL(/\/app\/bai-viet\/[0-9a-f-]{36}$/);
    const itemId = page.url().split('/').pop()!;
    await page.goto(`${h.base}/app/duyet/${itemId}`);
    const approve = page.getByRole('button', { name: 'Duyệt', exact: true });
    await expect.poll(() => approve.isDisabled(), settle).toBe(true);
    const reason = (await h.t.app.inject({ method: 'GET', url: `/api/v1/content/${itemId}`, headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json().can.approve;
    expect(reason.code).toBe('SELF_APPROVAL_FORBIDDEN');
    await expect.poll(() => page.getByText(reason.messages.vi).isVisible(), settle).toBe(true);
    // No time was set: the review says when it goes out all the same.
    expect(await page.getByText('Chưa hẹn giờ: bài đăng ngay khi được duyệt.').isVisible()).toBe(true);
    expect((await h.t.db.select().from(contentItems).where(eq(contentItems.id, itemId))).length).toBe(1);
    expect(fanpage && zaloGroup).toBeTruthy();
  });

  it('writes and saves an item with the keyboard alone', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    await expect.poll(() => page.getByRole('textbox', { name: 'Tiêu đề', exact: true }).isVisible(), settle).toBe(true);
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label.startsWith('Tiêu đề'));
    await page.keyboard.type('Hướng dẫn xin lý lịch tư pháp');
    await tabTo(page, (el) => el.tag === 'TEXTAREA' && el.label === 'Nội dung');
    await page.keyboard.type('Ba bước đơn giản tại Công an xã.');
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'Kênh đăng');
    await page.keyboard.type('Fanpage');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-preview]').count(), settle).toBeGreaterThan(0);
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Lưu nháp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/bai-viet\/[0-9a-f-]{36}\/sua$/);
    const itemId = page.url().split('/').at(-2)!;
    const [saved] = await h.t.db.select().from(revisions).where(eq(revisions.itemId, itemId));
    expect(saved).toMatchObject({ state: 'draft', title: 'Hướng dẫn xin lý lịch tư pháp', body: 'Ba bước đơn giản tại Công an xã.' });
  });

  it('says an edit link leads to no item instead of loading forever', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/00000000-0000-4000-8000-000000000000/sua`);
    await page.getByRole('alert').getByText('Không tìm thấy bài viết').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('status', { name: 'Đang tải' }).count()).toBe(0);
  });

  it('marks no field on a fresh form, then refuses a title that is too long beside the field, in words, never a JSON pointer, and drops the refusal once it is shortened', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    const title = page.getByRole('textbox', { name: 'Tiêu đề', exact: true });
    await expect.poll(() => title.isVisible(), settle).toBe(true);
    // A fresh form names what submit still needs beside the button, but marks no field red yet.
    await page.getByText('Chưa gửi duyệt được: Cần có tiêu đề').waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    // A slow network: the save and the next preview answer late, so the empty form's preview
    // ("Cần có tiêu đề") is still the newest while the save is on its way.
    await page.route(/\/api\/v1\/content\/(preview)?$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    });
    await title.fill('T'.repeat(301));
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect.poll(() => title.getAttribute('aria-invalid'), settle).toBe('true');
    // The refused field takes the focus: after pressing the button at the foot of a long form, the officer is taken to it.
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    const messageId = await title.getAttribute('aria-describedby').then((ids) => ids!.split(' ').find((id) => id.endsWith('error')));
    expect(await page.locator(`#${messageId}`).innerText()).toBe('Dài quá 300 ký tự');
    await h.checkPage(page, 'web/compose-title-too-long');
    await title.fill('Hướng dẫn xin lý lịch tư pháp');
    await expect.poll(() => title.getAttribute('aria-invalid'), settle).not.toBe('true');
  });

  it('offers nothing to send again while the item page loads after a submit, and Back to the form then makes no second item', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    // A slow network: the item page's code arrives only when the test lets it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/ItemPage-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${h.base}/app/bai-viet/moi`);
    const title = page.getByRole('textbox', { name: 'Tiêu đề', exact: true });
    await expect.poll(() => title.isVisible(), settle).toBe(true);
    await title.fill('Gửi một lần thôi');
    await choose(page, 'Kênh đăng', 'Fanpage Công an tỉnh');
    await expect.poll(() => page.locator('[data-preview]').count(), settle).toBeGreaterThan(0);
    // The submit itself answers late too: while it is on its way, neither button sends anything.
    let answerSubmit!: () => void;
    const submitHeld = new Promise<void>((r) => (answerSubmit = r));
    await page.route(/\/submit$/, async (route) => {
      await submitHeld;
      await route.continue();
    });
    const submitSent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/submit'));
    const submitted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/submit'));
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await submitSent;
    await expect.poll(() => page.getByRole('button', { name: 'Gửi duyệt' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Lưu nháp' }).isDisabled()).toBe(true);
    answerSubmit();
    expect((await submitted).status()).toBe(200);
    // Still on this form while the item page loads: both buttons are out of reach.
    await page.getByRole('link', { name: 'Đã gửi duyệt. Mở bài' }).waitFor();
    expect(await page.getByRole('button', { name: 'Gửi duyệt' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Lưu nháp' }).isDisabled()).toBe(true);
    await page.goBack();
    expect(await page.getByRole('button', { name: 'Gửi duyệt' }).isDisabled()).toBe(true);
    expect(await h.t.db.select().from(revisions).where(eq(revisions.title, 'Gửi một lần thôi'))).toHaveLength(1);
    // Left on the form by Back: the way on is to the item sent.
    release();
    await page.getByRole('link', { name: 'Đã gửi duyệt. Mở bài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gửi một lần thôi' }).waitFor();
  });

  it('makes one item when “Lưu nháp” of a new item is double-clicked at machine speed', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    const creates: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/content/' && creates.push(r));
    await page.goto(`${h.base}/app/bai-viet/moi`);
    const title = page.getByRole('textbox', { name: 'Tiêu đề', exact: true });
    await expect.poll(() => title.isVisible(), settle).toBe(true);
    await title.fill('Nhấn đôi nút lưu');
    // Two clicks in one task: the second comes before any render could show the button as busy.
    await page.getByRole('button', { name: 'Lưu nháp' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await page.waitForURL(/\/app\/bai-viet\/[^/]+\/sua$/);
    await Promise.all(creates.map((r) => r.response()));
    expect(creates).toHaveLength(1);
    expect(await h.t.db.select().from(revisions).where(eq(revisions.title, 'Nhấn đôi nút lưu'))).toHaveLength(1);
  });

  it('approves once when Duyệt is double-clicked, and goes back to the inbox without a refusal', { timeout: 90_000 }, async () => {
    const itemId = await submittedByEditor('Duyệt một lần');

    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    const decisions: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/content/${itemId}/approve`) && decisions.push(r));
    await page.goto(`${h.base}/app/duyet/${itemId}`);
    const approve = page.getByRole('button', { name: 'Duyệt', exact: true });
    await expect.poll(() => approve.isEnabled(), settle).toBe(true);
    await approve.evaluate((button: HTMLElement) => (button.click(), button.click()));
    await page.waitForURL(`${h.base}/app/duyet`);
    await Promise.all(decisions.map((r) => r.response()));
    expect(decisions).toHaveLength(1);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('puts the approver in the comment box when Từ chối is pressed without one, and a screen reader hears why', { timeout: 90_000 }, async () => {
    const itemId = await submittedByEditor('Từ chối cần lý do');

    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/duyet/${itemId}`);
    const reject = page.getByRole('button', { name: 'Từ chối', exact: true });
    await expect.poll(() => reject.isEnabled(), settle).toBe(true);
    await reject.click();
    const comment = page.getByRole('textbox', { name: 'Nhận xét' });
    await expect.poll(() => comment.getAttribute('aria-invalid'), settle).toBe('true');
    // Typing fixes it: the focus is in the box, whose description is the refusal.
    expect(await comment.evaluate((el) => el === document.activeElement)).toBe(true);
    const describedBy = (await comment.getAttribute('aria-describedby'))!.split(' ');
    const said = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(said).toContain('Không được để trống');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await h.t.db.select().from(revisions).where(eq(revisions.itemId, itemId)))[0]!.state).toBe('in_review');
  });

  it('tells an approver who opens the composer by its address that they may not write here, before anything is typed', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'approver');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    await page.getByRole('heading', { level: 1, name: 'Soạn bài mới' }).waitFor();
    // The server's reason, at the top and where the preview would be; not "fix the field in error", as no field is.
    await expect.poll(() => page.getByText('Bạn không có quyền soạn bài cho đơn vị này').count(), settle).toBe(2);
    expect(await page.getByText('Chưa xem trước được: sửa ô đang báo lỗi.').count()).toBe(0);
    await h.checkPage(page, 'web/compose-not-allowed');
  });

  it('says under a link that is no address what is wrong as it is typed, and the preview says why it shows nothing', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    const title = page.getByRole('textbox', { name: 'Tiêu đề', exact: true });
    await expect.poll(() => title.isVisible(), settle).toBe(true);
    await title.fill('Liên kết gõ sai');
    await page.locator('[data-preview="og-card"]').waitFor();
    await page.getByRole('button', { name: 'Thêm liên kết' }).click();
    const link = page.getByRole('textbox', { name: 'Liên kết 1' });
    await link.fill('khong phai dia chi');
    // Nothing saved yet: the live preview's refusal is said under the field, and not as "type a title".
    await expect.poll(() => link.getAttribute('aria-invalid'), settle).toBe('true');
    await page.getByText('Cần địa chỉ web đầy đủ, bắt đầu bằng http:// hoặc https://').waitFor();
    await page.getByText('Chưa xem trước được: sửa ô đang báo lỗi.').waitFor();
    expect(await page.getByText('Nhập tiêu đề để xem thẻ chia sẻ.').count()).toBe(0);
    await link.fill('https://congan.binhdinh.gov.vn/vay-von');
    await expect.poll(() => link.getAttribute('aria-invalid'), settle).not.toBe('true');
    await page.locator('[data-preview="og-card"]').waitFor();
  });

  it('refuses to save or submit while a date typed does not exist, instead of saving without it; says a schedule already gone publishes at approval', { timeout: 90_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/bai-viet/moi`);
    const title = page.getByRole('textbox', { name: 'Tiêu đề', exact: true });
    await expect.poll(() => title.isVisible(), settle).toBe(true);
    await title.fill('Ngày hết hạn gõ sai');
    await choose(page, 'Kênh đăng', 'Fanpage Công an tỉnh');
    const expiry = page.getByRole('textbox', { name: 'Hết hạn (giờ Việt Nam)' });
    await expiry.click();
    await expiry.pressSequentially('31/02/2026 08:00');
    const sent: string[] = [];
    page.on('request', (r) => (['POST', 'PATCH'].includes(r.method()) && /\/api\/v1\/content\/(?:[0-9a-f-]{36})?$/.test(r.url()) ? sent.push(r.url()) : undefined));
    // Straight from the field to the button at the foot of the form: the press refuses and goes back to the field.
    for (const button of ['Gửi duyệt', 'Lưu nháp']) {
      await page.getByRole('button', { name: button }).click();
      await page.getByText('Nhập theo dạng ngày/tháng/năm giờ:phút').waitFor();
      expect(await expiry.evaluate((el) => el === document.activeElement)).toBe(true);
    }
    expect(await expiry.inputValue()).toBe('31/02/2026 08:00');
    expect(sent).toEqual([]);

    // A schedule already gone (the year slipped) is said to publish at approval, not when it reads.
    const publishAt = page.getByRole('textbox', { name: 'Thời điểm đăng (giờ Việt Nam)' });
    await publishAt.click();
    await publishAt.pressSequentially('01/01/2020 08:00');
    await page.getByText('01/01/2020 08:00 đã qua: bài sẽ đăng ngay khi được duyệt.').waitFor();
  });
});
