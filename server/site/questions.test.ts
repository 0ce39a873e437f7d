import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questions } from '../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../test/app.ts';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36', accept: 'text/html' };
const QUESTION = 'Tôi mới chấp hành xong án phạt tù, muốn vay vốn học nghề thì cần giấy tờ gì? Số của tôi 0912 345 678, nhà ở thôn Bản Mòng.';

describe('Hỏi – đáp: asking on the public site', () => {
  let t: TestApp;
  let now = new Date('2026-05-10T01:00:00Z');
  let province: string;
  let commune: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
    province = await createUnit(t.db, 'Công an tỉnh Sơn La', null, 'province');
    commune = await createUnit(t.db, 'Công an xã Chiềng Sinh', province, 'commune');
  });
  afterAll(() => t.close());

  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const rows = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(questions))[0]!.n;

  async function openForm(ip = '203.0.113.7', cookie?: string) {
    const res = await t.app.inject({ method: 'GET', url: '/hoi-dap/gui-cau-hoi', headers: { ...BROWSER, ...(cookie ? { cookie } : {}) }, remoteAddress: ip });
    expect(res.statusCode).toBe(200);
    return /name="token" value="([^"]+)"/.exec(res.body)![1]!;
  }
  function send(fields: Record<string, string>, ip = '203.0.113.7', headers: Record<string, string> = {}) {
    return t.app.inject({
      method: 'POST',
      url: '/hoi-dap/gui-cau-hoi',
      headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
      remoteAddress: ip,
    });
  }

  it('shows a script-free form with the purpose notice, a hidden honeypot and the unit tree', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/hoi-dap/gui-cau-hoi', headers: BROWSER });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('<form class="form" method="post" action="/hoi-dap/gui-cau-hoi">');
    expect(res.body).toContain('xoá khỏi hệ thống khi câu hỏi được đóng');
    expect(res.body).toContain('Nghị định 13/2023/NĐ-CP');
    // Said as the sign-in pages (/xa, the web app) say it: "Email", never "E-mail".
    expect(res.body).toContain('<label for="contact">Email hoặc số điện thoại');
    expect(res.body).not.toMatch(/e-mail/i);
    expect(res.body).toMatch(/<p class="hp" aria-hidden="true">.*name="website" tabindex="-1"/);
    expect(res.body).toContain(`<option value="${commune}">\u00a0\u00a0Công an xã Chiềng Sinh</option>`);
    // Districts (huyện) were abolished in 2025: the citizen is asked for their commune, ward or special zone.
    expect(res.body).toContain('Gửi tới đơn vị (công an xã, phường, đặc khu nơi bạn ở — không bắt buộc)');
    expect(res.body).not.toContain('huyện');
  });

  it('takes a question to the chosen unit with its personal data flagged, and redirects to a thank-you page', async () => {
    const token = await openForm();
    later(10);
    const res = await send({ token, body: QUESTION, name: 'Nguyễn Văn A', contact: 'nva@example.vn', unitId: commune, theme: 'guidance', website: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/hoi-dap/da-gui');
    const [q] = await t.db.select().from(questions);
    expect(q).toMatchObject({ unitId: commune, unitChosen: 'citizen', theme: 'guidance', askerName: 'Nguyễn Văn A', contact: 'nva@example.vn', status: 'new' });
    expect(q!.personalData).toEqual([
      { kind: 'phone', text: '0912 345 678' },
      { kind: 'address', text: 'thôn Bản Mòng' },
    ]);
    const thanks = await t.app.inject({ method: 'GET', url: '/hoi-dap/da-gui', headers: BROWSER });
    expect(thanks.body).toContain('Đã nhận câu hỏi của bạn');
  });

  it('sends a question with no unit chosen to the theme’s unit: the root unit by default, else the one an admin set', async () => {
    let token = await openForm('198.51.100.1');
    later(10);
    expect((await send({ token, body: 'Xin hỏi thủ tục xin cấp lý lịch tư pháp số 1 ở đâu?', theme: 'policy' }, '198.51.100.1')).statusCode).toBe(303);
    const admin = await createUser(t.db, 'quantri@sonla.vn', [{ role: 'admin', unitId: province }]);
    expect(admin).toBeTruthy();
    const session = await login(t.app, 'quantri@sonla.vn');
    expect((await session.request('PUT', '/api/v1/questions/routing/warning', { unitId: commune })).statusCode).toBe(204);
    token = await openForm('198.51.100.1', session.cookie);
    later(10);
    // A signed-in officer's cookie on the same browser changes nothing: the form is anonymous.
    const res = await send({ token, body: 'Có người rủ tôi đi làm việc nhẹ lương cao ở nước ngoài, có nên đi không?', theme: 'warning' }, '198.51.100.1', { cookie: session.cookie });
    expect(res.statusCode).toBe(303);
    const routed = await t.db.select({ unitId: questions.unitId, theme: questions.theme, chosen: questions.unitChosen }).from(questions).where(eq(questions.unitChosen, 'theme'));
    expect(routed.sort((a, b) => a.theme.localeCompare(b.theme))).toEqual([
      { unitId: province, theme: 'policy', chosen: 'theme' },
      { unitId: commune, theme: 'warning', chosen: 'theme' },
    ]);
  });

  it('refuses robots and mistakes with a clear message, under the field it is about, keeps what was typed, and writes nothing', async () => {
    const before = await rows();
    const ip = '192.0.2.50';
    const valid = { body: 'Người thân của tôi mới ra tù, gia đình cần làm gì để giúp đỡ?', theme: 'guidance' };
    const cases: { fields: () => Promise<Record<string, string>>; status: number; message: string; field?: string }[] = [
      { fields: async () => ({ ...valid, token: await openForm(ip), website: 'http://spam.example' }), status: 422, message: 'Câu hỏi không được nhận' },
      { fields: async () => ({ ...valid, token: 'gia-mao' }), status: 422, message: 'Biểu mẫu đã cũ' },
      { fields: async () => ({ ...valid, token: await openForm(ip), __fast: '1' }), status: 422, message: 'gửi quá nhanh' },
      { fields: async () => ({ ...valid, token: await openForm(ip), body: 'Ngắn quá' }), status: 422, message: 'ít nhất 20 ký tự', field: 'body' },
      { fields: async () => ({ ...valid, token: await openForm(ip), body: 'Mua hàng giá rẻ tại https://a.example và https://b.example ngay' }), status: 422, message: 'tối đa 1 đường dẫn', field: 'body' },
      { fields: async () => ({ ...valid, token: await openForm(ip), contact: 'không phải liên hệ' }), status: 422, message: 'địa chỉ email hoặc số điện thoại', field: 'contact' },
      { fields: async () => ({ ...valid, token: await openForm(ip), unitId: '00000000-0000-4000-8000-000000000000' }), status: 422, message: 'Đơn vị đã chọn không có', field: 'unitId' },
      { fields: async () => ({ ...valid, token: await openForm(ip), body: `  ${QUESTION.toUpperCase()} ` }), status: 409, message: 'đã được gửi trước đó', field: 'body' },
    ];
    for (const c of cases) {
      const { __fast, ...fields } = await c.fields();
      if (!__fast) later(10);
      const res = await send(fields, ip);
      expect(res.statusCode, c.message).toBe(c.status);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body, c.message).toMatch(new RegExp(`<p id="loi" class="error" role="alert">[^<]*${c.message}`));
      expect(res.body).toContain(`>${fields.body!.replace(/&/g, '&amp;')}</textarea>`);
      if (c.field) {
        // On a phone the top of the page and the field are screens apart: the message is also right
        // under the field (before the next label), the field is marked and points to it, and the top links down.
        expect(res.body, c.message).toMatch(new RegExp(`id="${c.field}"[^>]* aria-invalid="true" aria-describedby="loi-${c.field}"`));
        expect(res.body, c.message).toMatch(new RegExp(`id="${c.field}"(?:(?!<label)[^])*<span id="loi-${c.field}" class="field-error">[^<]*${c.message}`));
        expect(res.body, c.message).toContain(`<a href="#${c.field}">Đến ô cần sửa</a>`);
      } else {
        expect(res.body, c.message).not.toContain('aria-invalid="true"');
      }
    }
    // The form is urlencoded: a multipart body (it used to be read up to 10 MB, the phone screenshot's limit) is refused unread.
    const multipart = await t.app.inject({ method: 'POST', url: '/hoi-dap/gui-cau-hoi', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
    expect(multipart.statusCode).toBe(415);
    expect(multipart.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await rows()).toBe(before);
  });

  it('accepts a few questions per address per hour, then refuses that address but not another', async () => {
    const ip = '192.0.2.99';
    const before = await rows();
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const token = await openForm(ip);
      later(10);
      statuses.push((await send({ token, body: `Câu hỏi số ${i} về thủ tục đăng ký thường trú sau khi ra tù`, theme: 'guidance' }, ip)).statusCode);
    }
    expect(statuses).toEqual([303, 303, 303, 429, 429]);
    const lastToken = await openForm(ip);
    later(10);
    const refused = await send({ token: lastToken, body: 'Một câu hỏi nữa về chính sách vay vốn' }, ip);
    expect(refused.body).toContain('Đã nhận đủ 3 câu hỏi từ địa chỉ mạng của bạn trong một giờ');
    expect(await rows()).toBe(before + 3);
    const token = await openForm('192.0.2.100');
    later(10);
    expect((await send({ token, body: 'Câu hỏi từ một địa chỉ khác về việc làm', theme: 'guidance' }, '192.0.2.100')).statusCode).toBe(303);
    later(3600);
    const again = await openForm(ip);
    later(10);
    expect((await send({ token: again, body: 'Một giờ sau hỏi tiếp về học nghề miễn phí', theme: 'guidance' }, ip)).statusCode).toBe(303);
  });
});
