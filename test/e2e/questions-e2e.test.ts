import { eq, sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveries, questions } from '../../db/schema/index.ts';
import vi from '../../web/i18n/vi.json' with { type: 'json' };
import { waitForState } from '../delivery-fixtures.ts';
import { fetchAnswer } from './http-session.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { choose, settle } from './web-steps.ts';

/**
 * The Hỏi – đáp must-show over real HTTP with a real worker: a citizen on a phone with
 * JavaScript OFF asks; an editor answers in the web app (the moderation queue, then the
 * composer, where the answer is targeted to the site and submitted) and an approver approves
 * on the approval screen; the citizen, JavaScript still off, finds the answer
 * on /hoi-dap, in the RSS feed and by a search typed without accents; a burst of spam from
 * one address is refused with a clear message and leaves no row. Every public page passes
 * axe (no serious/critical) under the site's real CSP; screenshots in test-artifacts/qa-*.png.
 */
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const QUESTION = 'Em trai tôi vừa chấp hành xong án phạt tù, muốn vay vốn học nghề sửa xe máy thì làm thủ tục ở đâu? Số tôi 0912 345 678.';
const MIN_SECONDS = 2;
const TITLE = 'Vay vốn học nghề sau khi chấp hành xong án phạt tù';
const ANSWER = 'Người chấp hành xong án phạt tù được vay vốn ưu đãi theo Quyết định 22/2023/QĐ-TTg tại Ngân hàng Chính sách xã hội nơi cư trú.\n\nCông an xã hướng dẫn hồ sơ và xác nhận.';

describe('Hỏi – đáp end to end, JavaScript off', () => {
  let h: WebHarness;
  let citizen: BrowserContext;
  const rows = async () => (await h.t.db.select({ n: sql<number>`count(*)::int` }).from(questions))[0]!.n;

  beforeAll(async () => {
    h = await startWebHarness({ worker: true, env: { LOA_QUESTION_MIN_SECONDS: String(MIN_SECONDS) } });
    await h.t.db.insert(channels).values({ unitId: h.org.provinceId, platform: 'site', name: 'Trang Con đường hướng thiện' });
    citizen = await h.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, userAgent: PHONE_UA, locale: 'vi-VN' });
  });
  afterAll(() => h?.close());

  /** axe runs in a JavaScript-enabled twin of the page (axe is a script); the citizen's own page never runs any. */
  async function axeClean(url: string, name: string) {
    const page = await h.newPage({ viewport: { width: 360, height: 640 }, isMobile: true });
    await page.goto(url);
    await h.checkPage(page, `qa-${name}`);
    await page.context().close();
  }

  async function ask(page: Page, body: string, wait: boolean) {
    await page.goto(`${h.base}/hoi-dap`);
    await page.getByRole('link', { name: 'Gửi câu hỏi' }).click();
    await page.getByLabel('Câu hỏi của bạn').fill(body);
    await page.getByRole('combobox', { name: 'Chủ đề' }).selectOption({ label: 'Hướng dẫn tái hòa nhập' });
    await page.getByLabel(/Gửi tới đơn vị/).selectOption({ label: '\u00a0\u00a0Công an xã Hướng Thiện' });
    await page.getByLabel(/Email hoặc số điện thoại/).fill('em.trai@example.vn');
    // A person takes a moment to read the notice; a robot posts at once.
    if (wait) await page.waitForTimeout(MIN_SECONDS * 1000 + 200);
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
  }

  it('a citizen asks; an editor answers, an approver approves; the citizen finds it on the site, in the feed and by an accent-free search', async () => {
    let page = await citizen.newPage();
    await ask(page, QUESTION, true);
    await expect.poll(() => page.url()).toBe(`${h.base}/hoi-dap/da-gui`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Đã nhận câu hỏi của bạn');
    await page.screenshot({ path: 'test-artifacts/qa-asked-phone.png', fullPage: true });
    await axeClean(`${h.base}/hoi-dap/gui-cau-hoi`, 'form');
    await axeClean(`${h.base}/hoi-dap/da-gui`, 'asked');

    // The officer answers in the web app: the moderation queue flags the phone number and suggests the question without it.
    const officer = await h.newPage();
    await h.signInAs(officer, 'editor');
    await officer.getByRole('link', { name: 'Hỏi – đáp' }).click();
    await officer.getByText('Em trai tôi vừa chấp hành xong án phạt tù').first().waitFor(settle);
    expect(await officer.getByText('Số điện thoại: 0912 345 678').count()).toBe(1);
    expect(await officer.getByText('Công an xã Hướng Thiện').count()).toBeGreaterThan(0);
    await officer.getByRole('button', { name: 'Soạn câu trả lời' }).click();
    const asked = officer.getByLabel('Câu hỏi sẽ đăng');
    expect(await asked.inputValue()).toBe(QUESTION.replace('0912 345 678', '[đã ẩn]'));
    await asked.fill(QUESTION.replace(' Số tôi 0912 345 678.', ''));
    await officer.getByLabel('Tiêu đề bài trả lời').fill(TITLE);
    await officer.getByRole('textbox', { name: /^Câu trả lời/ }).fill(ANSWER);
    await officer.getByRole('button', { name: 'Tạo bài trả lời (bản nháp)' }).click();
    await officer.waitForURL(new RegExp(`^${h.base}/app/bai-viet/[0-9a-f-]{36}/sua$`));
    // The composer shows the question as it will be published, still editable.
    const editable = officer.getByRole('textbox', { name: 'Câu hỏi sẽ đăng' });
    await editable.waitFor(settle);
    expect(await editable.inputValue()).toBe(QUESTION.replace(' Số tôi 0912 345 678.', ''));
    await choose(officer, 'Kênh đăng', 'Trang Con đường hướng thiện');
    await officer.getByRole('button', { name: 'Gửi duyệt' }).click();
    await officer.waitForURL(new RegExp(`^${h.base}/app/bai-viet/[0-9a-f-]{36}$`));
    const itemId = new URL(officer.url()).pathname.split('/').at(-1)!;
    await h.checkPage(officer, 'qa-answer-in-review');

    // The approver approves it on the approval screen, like any content.
    const approver = await h.newPage();
    await h.signInAs(approver, 'approver');
    await approver.getByRole('link', { name: 'Duyệt bài' }).click();
    await approver.getByRole('link', { name: TITLE }).click();
    // The approver sees the question that will be published, as edited, without the phone number.
    await approver.getByText('Câu hỏi sẽ đăng').waitFor(settle);
    const review = (await approver.getByRole('main').textContent())!.replace(/\s+/g, ' ');
    expect(review).toContain(QUESTION.replace(' Số tôi 0912 345 678.', ''));
    expect(review).not.toContain('0912');
    await h.checkPage(approver, 'qa-answer-review');
    await approver.getByLabel(vi.approvals.comment).fill('Đồng ý');
    await approver.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await approver.waitForURL(`${h.base}/app/duyet`);
    const [delivery] = await h.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));
    await waitForState(h.t.db, delivery!.id, 'published');

    // The citizen comes back later (public pages are cached for a minute, so a new visit), JavaScript still off.
    await page.context().close();
    citizen = await h.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, userAgent: PHONE_UA, locale: 'vi-VN' });
    page = await citizen.newPage();
    await page.goto(`${h.base}/hoi-dap`);
    await page.getByRole('link', { name: 'Vay vốn học nghề sau khi chấp hành xong án phạt tù' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vay vốn học nghề sau khi chấp hành xong án phạt tù');
    const articleUrl = page.url();
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('muốn vay vốn học nghề sửa xe máy thì làm thủ tục ở đâu?');
    expect(text).toContain('Quyết định 22/2023/QĐ-TTg');
    expect(text).not.toContain('0912');
    await page.screenshot({ path: 'test-artifacts/qa-answer-phone.png', fullPage: true });
    await axeClean(articleUrl, 'answer');
    await axeClean(`${h.base}/hoi-dap`, 'index');

    const feed = await fetchAnswer(`${h.base}/feed.xml`);
    expect(feed.text).toContain(`<link>${articleUrl}</link>`);

    await page.goto(`${h.base}/`);
    // On a phone the search box is in the header's folded menu.
    await page.locator('header summary', { hasText: 'Danh mục' }).click();
    await page.getByRole('searchbox', { name: 'Tìm bài viết' }).fill('vay von hoc nghe sua xe');
    await page.getByRole('button', { name: 'Tìm' }).click();
    expect(page.url()).toContain('/tim-kiem?q=vay+von+hoc+nghe+sua+xe');
    await page.getByRole('link', { name: 'Vay vốn học nghề sau khi chấp hành xong án phạt tù' }).click();
    expect(page.url()).toBe(articleUrl);
    await axeClean(`${h.base}/tim-kiem?q=vay+von+hoc+nghe`, 'search');
    await axeClean(`${h.base}/`, 'home');
    await axeClean(`${h.base}/trang-khong-co`, 'not-found');

    // Answered and published: the asker's contact is erased when the worker closes the question.
    const [q] = await h.t.db.select().from(questions).where(eq(questions.answerItemId, itemId));
    await expect.poll(async () => (await h.t.db.select().from(questions).where(eq(questions.id, q!.id)))[0]!.contact, { timeout: 15_000 }).toBeNull();
  }, 120_000);

  it('refuses a spam burst from one address with a clear message, leaving no question rows', async () => {
    const before = await rows();
    // The burst as a script sends it: fetch the form, post at once, twenty times in parallel.
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const form = await fetchAnswer(`${h.base}/hoi-dap/gui-cau-hoi`);
        const token = /name="token" value="([^"]+)"/.exec(form.text)![1]!;
        return fetchAnswer(`${h.base}/hoi-dap/gui-cau-hoi`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, body: `Mua thuốc giá rẻ số ${i} tại https://spam.example và https://spam2.example`, website: 'https://spam.example' }).toString(),
        });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(422));
    expect(answers.every((a) => a.text.includes('role="alert">Câu hỏi không được nhận.'))).toBe(true);
    // The same from a browser posting at once: the person sees why, with the text kept.
    const page = await citizen.newPage();
    await ask(page, 'Câu hỏi gửi ngay lập tức không kịp đọc gì cả, như máy gửi tự động', false);
    expect(await page.getByRole('alert').textContent()).toContain('Câu hỏi được gửi quá nhanh sau khi mở trang');
    expect(await page.getByLabel('Câu hỏi của bạn').inputValue()).toBe('Câu hỏi gửi ngay lập tức không kịp đọc gì cả, như máy gửi tự động');
    await page.screenshot({ path: 'test-artifacts/qa-refused-phone.png', fullPage: true });
    expect(await rows()).toBe(before);
  }, 60_000);
});
