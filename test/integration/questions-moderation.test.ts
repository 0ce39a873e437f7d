import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../core/questions/form-token.ts';
import { IpRateLimit } from '../../core/questions/rate-limit.ts';
import { submitQuestion } from '../../core/questions/submit.ts';
import { deliveries, questions, siteArticles } from '../../db/schema/index.ts';
import { waitFor, waitForState } from '../delivery-fixtures.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { startSmtpCapture, type SmtpCapture } from '../smtp-capture.ts';
import { createContentWorld, type ContentWorld } from '../../server/routes/content/test-fixtures.ts';

const RAW = 'Tôi ra tù năm ngoái, muốn vay vốn học nghề sửa xe máy thì hỏi ở đâu? Gọi tôi 0912 345 678, nhà ở thôn Bản Mòng.';
const BROWSER = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36', accept: 'text/html' };

describe('questions moderation API and the answer’s way to the site', () => {
  let w: ContentWorld;
  let worker: LoaWorker;
  let smtp: SmtpCapture;

  async function ask(body: string, unitId: string, contact = 'khac@example.vn'): Promise<string> {
    const now = new Date();
    return submitQuestion(
      {
        db: w.t.db,
        secrets: w.t.deps.secrets,
        limits: { perIpPerHour: 100, minSeconds: 4, maxLinks: 1 },
        rateLimit: new IpRateLimit(100),
        now,
        ip: '203.0.113.9',
      },
      { body, name: 'Người hỏi', contact, unitId, theme: 'guidance', website: '', token: issueFormToken(w.t.deps.secrets, new Date(now.getTime() - 30_000)) },
    );
  }

  beforeAll(async () => {
    w = await createContentWorld();
    // A real SMTP server on loopback receives what the worker sends.
    smtp = await startSmtpCapture();
    const smtpUrl = smtp.url;
    const { config, log, secrets, storage, clock } = w.t.deps;
    worker = await startWorker({ db: w.t.db, databaseUrl: w.t.database.url, log, config: { ...config, smtpUrl }, clock, secrets, storage });
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp.close();
    await w?.t.close();
  });

  it('shows each unit’s queue only to its moderators, with personal data flagged and the contact withheld', async () => {
    const id = await ask(RAW, w.unit.communeA);
    const listA = await w.officerA.request('GET', '/api/v1/questions?status=new');
    expect(listA.statusCode).toBe(200);
    const [q] = listA.json().items;
    expect(q).toMatchObject({ id, unitId: w.unit.communeA, unitChosen: 'citizen', contactKind: 'email', askerName: 'Người hỏi', status: 'new' });
    expect(q.personalData).toEqual([
      { kind: 'phone', text: '0912 345 678' },
      { kind: 'address', text: 'thôn Bản Mòng' },
    ]);
    expect(q.suggestedQuestion).toBe('Tôi ra tù năm ngoái, muốn vay vốn học nghề sửa xe máy thì hỏi ở đâu? Gọi tôi [đã ẩn], nhà ở [đã ẩn].');
    expect(listA.body).not.toContain('khac@example.vn');
    // The province editor covers the commune; the other commune and approvers do not moderate it.
    expect((await w.author.request('GET', `/api/v1/questions/${id}`)).statusCode).toBe(200);
    expect((await w.officerB.request('GET', '/api/v1/questions')).json().items).toEqual([]);
    expect((await w.officerB.request('GET', `/api/v1/questions/${id}`)).statusCode).toBe(403);
    expect((await w.approver.request('GET', '/api/v1/questions')).statusCode).toBe(403);
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/questions' })).statusCode).toBe(401);
    expect((await w.officerA.request('GET', '/api/v1/questions?status=bogus')).json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'querystring:/status' });
  });

  it('answers through an ordinary item: approved, published as a Q&A page with the edited question, in the feed and search; then closes and erases the contact', async () => {
    const id = await ask('Người mới ra tù có được vay vốn ưu đãi để học nghề làm bánh không? Số tôi 0987 654 321.', w.unit.communeA, 'hoi@example.vn');
    const edited = 'Người mới ra tù có được vay vốn ưu đãi để học nghề làm bánh không?';
    const started = await w.author.request('POST', `/api/v1/questions/${id}/answer`, {
      title: 'Vay vốn học nghề cho người mới ra tù',
      question: edited,
      body: 'Có. Theo Quyết định 22/2023/QĐ-TTg, người chấp hành xong án phạt tù được vay vốn ưu đãi tại Ngân hàng Chính sách xã hội.',
      targets: [{ channelId: w.channel.provinceSite }],
    });
    expect(started.statusCode).toBe(201);
    const itemId = started.json().itemId as string;
    expect(started.json().question).toMatchObject({ status: 'answering', answerItemId: itemId });
    expect((await w.author.request('POST', `/api/v1/questions/${id}/answer`, { title: 'Lần hai', body: 'x' })).json().code).toBe('QUESTION_ALREADY_ANSWERING');
    const item = (await w.author.request('GET', `/api/v1/content/${itemId}`)).json();
    expect(item.revisions[0].question).toBe(edited);

    expect((await w.author.request('POST', `/api/v1/content/${itemId}/submit`)).statusCode).toBe(200);
    expect((await w.approver.request('POST', `/api/v1/content/${itemId}/approve`, { comment: 'Đồng ý' })).statusCode).toBe(200);
    const [delivery] = await w.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));
    await waitForState(w.t.db, delivery!.id, 'published');
    const [article] = await w.t.db.select().from(siteArticles).where(eq(siteArticles.itemId, itemId));
    expect(article!.question).toBe(edited);

    const page = await w.t.app.inject({ method: 'GET', url: `/bai-viet/${article!.slug}`, headers: BROWSER });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<article itemscope itemtype="https://schema.org/QAPage">');
    expect(page.body).toContain('<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">');
    expect(page.body).toContain('<div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">');
    expect(page.body).toContain(`<dd itemprop="text"><p>${edited}</p>`);
    expect(page.body).not.toContain('0987 654 321');
    expect(page.body).not.toMatch(/<script/i);
    expect((await w.t.app.inject({ method: 'GET', url: '/hoi-dap', headers: BROWSER })).body).toContain(`/bai-viet/${article!.slug}`);
    expect((await w.t.app.inject({ method: 'GET', url: '/feed.xml', headers: BROWSER })).body).toContain(`/bai-viet/${article!.slug}`);
    const search = await w.t.app.inject({ method: 'GET', url: '/tim-kiem?q=hoc+nghe+lam+banh', headers: BROWSER });
    expect(search.body).toContain(`/bai-viet/${article!.slug}`);

    // The worker tells the asker by e-mail at once, then closes the question, erasing name and contact.
    const closed = await waitFor(async () => {
      const [q] = await w.t.db.select().from(questions).where(eq(questions.id, id));
      return q!.status === 'closed' ? q : null;
    }, 'question closed');
    expect(closed).toMatchObject({ closeReason: 'answered', contact: null, askerName: null });
    expect(closed.answeredAt).not.toBeNull();
    const mail = smtp.mails.find((m) => m.to === 'hoi@example.vn');
    const text = mail!.body.replace(/=\r?\n/g, '');
    expect(text).toContain(`/bai-viet/${article!.slug}`);
    expect(smtp.mails.filter((m) => m.to === 'hoi@example.vn')).toHaveLength(1);
  });

  it('closes a question by hand, erasing the asker’s name and contact; a closed one takes no answer', async () => {
    const id = await ask('Con tôi mới ra trại, có người rủ đi làm ăn xa, tôi nên làm gì để giữ cháu?', w.unit.communeA);
    expect((await w.officerA.request('POST', `/api/v1/questions/${id}/close`, { reason: 'nonsense' })).statusCode).toBe(400);
    const closed = await w.officerA.request('POST', `/api/v1/questions/${id}/close`, { reason: 'dismissed' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: 'dismissed', contactKind: null, askerName: null });
    const [row] = await w.t.db.select().from(questions).where(eq(questions.id, id));
    expect(row).toMatchObject({ contact: null, askerName: null });
    expect((await w.officerA.request('POST', `/api/v1/questions/${id}/answer`, { title: 'T', body: 'B' })).json().code).toBe('QUESTION_CLOSED');
  });

  it('lets only admins route a theme, and only to units they administer', async () => {
    expect((await w.author.request('PUT', '/api/v1/questions/routing/policy', { unitId: w.unit.communeA })).statusCode).toBe(403);
    const routing = await w.author.request('GET', '/api/v1/questions/routing');
    expect(routing.json().items).toContainEqual({ theme: 'policy', unitId: w.unit.province, isDefault: true });
  });
});
