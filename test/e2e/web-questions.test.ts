import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../core/questions/form-token.ts';
import { IpRateLimit } from '../../core/questions/rate-limit.ts';
import { submitQuestion } from '../../core/questions/submit.ts';
import { questions, revisions } from '../../db/schema/index.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

/** The moderation screen /app/hoi-dap: a question with its personal data flagged; answering composes a draft item. */
describe('web app: Hỏi – đáp moderation', () => {
  let h: WebHarness;
  let id: string;

  beforeAll(async () => {
    h = await startWebHarness();
    const now = new Date();
    id = await submitQuestion(
      { db: h.t.db, secrets: h.t.deps.secrets, limits: { perIpPerHour: 10, minSeconds: 4, maxLinks: 1 }, rateLimit: new IpRateLimit(10), now, ip: '203.0.113.1' },
      {
        body: 'Con tôi ra tù tháng trước, muốn học nghề hàn thì đăng ký ở đâu? Gọi 0912 345 678.',
        name: '',
        contact: 'me@example.vn',
        unitId: h.org.communeId,
        theme: 'guidance',
        website: '',
        token: issueFormToken(h.t.deps.secrets, new Date(now.getTime() - 30_000)),
      },
    );
  });
  afterAll(() => h?.close());

  it('shows the queue with flags and turns an answer into a draft item carrying the edited question', async () => {
    const page = await h.newPage();
    await h.signInAs(page, 'editor');
    await page.goto(`${h.base}/app/hoi-dap`);
    await page.getByText('Con tôi ra tù tháng trước').waitFor();
    expect(await page.getByText('Số điện thoại: 0912 345 678').count()).toBe(1);
    await h.checkPage(page, 'questions-queue');
    await page.getByRole('button', { name: 'Soạn câu trả lời' }).click();
    expect(await page.getByLabel('Câu hỏi sẽ đăng').inputValue()).toBe('Con tôi ra tù tháng trước, muốn học nghề hàn thì đăng ký ở đâu? Gọi [đã ẩn].');
    await page.getByLabel('Câu hỏi sẽ đăng').fill('Con tôi ra tù tháng trước, muốn học nghề hàn thì đăng ký ở đâu?');
    await page.getByLabel('Tiêu đề bài trả lời').fill('Học nghề hàn sau khi ra tù');
    await page.getByRole('textbox', { name: /^Câu trả lời/ }).fill('Đăng ký tại Trung tâm giáo dục nghề nghiệp huyện; Công an xã hướng dẫn hồ sơ.');
    const composes: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && /^\/api\/v1\/questions\/[^/]+\/answer$/.test(new URL(r.url()).pathname) && composes.push(r.url()));
    // Two clicks in one task (a bouncing mouse): one answer item, and no refusal of the second in red.
    await page.getByRole('button', { name: 'Tạo bài trả lời (bản nháp)' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await page.waitForURL(new RegExp(`^${h.base}/app/bai-viet/[0-9a-f-]{36}/sua$`));
    await page.getByRole('textbox', { name: 'Tiêu đề', exact: true }).waitFor();
    expect(composes).toHaveLength(1);
    const [q] = await h.t.db.select().from(questions).where(eq(questions.id, id));
    expect(q!.status).toBe('answering');
    const [rev] = await h.t.db.select().from(revisions).where(eq(revisions.itemId, q!.answerItemId!));
    expect(rev).toMatchObject({ title: 'Học nghề hàn sau khi ra tù', question: 'Con tôi ra tù tháng trước, muốn học nghề hàn thì đăng ký ở đâu?', state: 'draft' });
  }, 120_000);
});
