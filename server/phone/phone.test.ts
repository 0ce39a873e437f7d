import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { markMissed } from '../../core/manual/deadlines.ts';
import { MAX_LISTED_TASKS } from '../../core/manual/tasks.ts';
import { setFreeze } from '../../core/system-settings.ts';
import { channels, deliveries, manualConfirmations, manualProofs } from '../../db/schema/index.ts';
import { createTestApp, login, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { filesUnder } from '../routes/media/test-files.ts';
import { approveItem, createCommuneWorld, ITEM_TITLE, openTasks, uploadTestImage, type CommuneWorld } from '../../test/commune-fixtures.ts';

type Cookie = string;

/** Signs in through the phone's HTML login form, as a browser without JavaScript would. */
async function phoneLogin(t: TestApp, email: string): Promise<Cookie> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/xa/dang-nhap',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password: TEST_PASSWORD, next: '/xa' }).toString(),
  });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/xa');
  return `loa_session=${res.cookies.find((c) => c.name === 'loa_session')!.value}`;
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

async function multipart(fields: Record<string, string | { bytes: Buffer; name: string; type: string }>): Promise<{ payload: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') fd.set(k, v);
    else fd.set(k, new Blob([new Uint8Array(v.bytes)], { type: v.type }), v.name);
  }
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

describe('phone pages for commune officers (/xa), JavaScript not needed', () => {
  let t: TestApp;
  let world: CommuneWorld;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { LOA_PUBLIC_URL: 'https://loa.congan.example.vn' } });
    world = await createCommuneWorld(t.db, { communes: 2, groupsPerCommune: 3 });
    const imageId = await uploadTestImage(t, world);
    const now = new Date();
    const { deliveryIds } = await approveItem(t.db, {
      unitId: world.province,
      authorId: world.editorId,
      channelIds: world.communes.flatMap((c) => c.groups),
      publishAt: now,
      mediaIds: [imageId],
      publicUrl: t.deps.config.publicUrl,
    });
    await openTasks(t.db, deliveryIds, now);
  });
  afterAll(async () => {
    await t?.close();
  });

  const groupDelivery = async (channelId: string) =>
    (await t.db.select().from(deliveries).where(eq(deliveries.channelId, channelId)))[0]!;

  it('signed out, /xa is a plain login form; signing in through it sets the session cookie', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/xa' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<form class="card" method="post" action="/xa/dang-nhap" data-send>');
    // A phone's browser takes gzip: the page goes as a fraction of its bytes on a weak line.
    const gz = await t.app.inject({ method: 'GET', url: '/xa', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(res.body);
    expect(gz.rawPayload.length).toBeLessThan(res.rawPayload.length / 2);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/xa/dang-nhap',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: world.communes[0]!.officerEmail, password: 'sai-mat-khau' }).toString(),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('Email hoặc mật khẩu không đúng');
    // Both fields marked and described by the message, as the public site's question form marks its fields.
    expect(bad.body).toMatch(/<input id="email"[^>]* aria-invalid="true" aria-describedby="loi">/);
    expect(bad.body).toMatch(/<input id="password"[^>]* aria-invalid="true" aria-describedby="loi">/);
    expect(bad.body).toMatch(/<p id="loi"[^>]*>Email hoặc mật khẩu không đúng/);
    expect(bad.cookies.find((c) => c.name === 'loa_session')).toBeUndefined();
    const cookie = await phoneLogin(t, world.communes[0]!.officerEmail);
    const page = await t.app.inject({ method: 'GET', url: '/xa', headers: { cookie } });
    expect(page.body).toContain('Việc cần làm');
  });

  it("lists only the officer's own commune groups, each linking to its task page, under 30 KB", async () => {
    const [a, b] = world.communes;
    const cookie = await phoneLogin(t, a!.officerEmail);
    const res = await t.app.inject({ method: 'GET', url: '/xa', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(ITEM_TITLE);
    for (const g of a!.groups) expect(res.body).toContain(`/xa/nhiem-vu/${(await groupDelivery(g)).id}`);
    for (const g of b!.groups) expect(res.body).not.toContain(`/xa/nhiem-vu/${(await groupDelivery(g)).id}`);
    expect(res.body).toContain('Còn 3 lượt đăng');
    expect(Buffer.byteLength(res.body)).toBeLessThan(30 * 1024);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'sha256-");
  });

  it("the task page carries the group's tracked link in the text, the Zalo share link and phone-sized images", async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[0]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    const res = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const text = /<textarea id="text" readonly[^>]*>([\s\S]*?)<\/textarea>/.exec(res.body)?.[1] ?? '';
    const tracked = /https:\/\/loa\.congan\.example\.vn\/l\/[2-9a-z]+/.exec(text)?.[0];
    expect(tracked).toBeDefined();
    expect(text).not.toContain('/bai-viet/');
    expect(text).toContain('Quyết định 22/2023/QĐ-TTg');
    expect(res.body).toContain(`https://sp.zalo.me/share_inline?url=${encodeURIComponent(tracked!)}`);
    expect(Buffer.byteLength(res.body)).toBeLessThan(30 * 1024);

    const follow = await t.app.inject({ method: 'GET', url: new URL(tracked!).pathname, headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) Zalo android' } });
    expect(follow.statusCode).toBe(302);
    expect(follow.headers.location).toContain(`ref=loa:${d.id}`);

    const img = /<img src="([^"]+)"/.exec(res.body)![1]!;
    const small = await t.app.inject({ method: 'GET', url: img, headers: { cookie } });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(small.rawPayload).metadata()).width).toBe(480);
    const large = await t.app.inject({ method: 'GET', url: img.replace('co=nho', 'co=lon'), headers: { cookie } });
    expect((await sharp(large.rawPayload).metadata()).width).toBe(1280);
    expect(large.headers['content-disposition']).toContain('attachment');
    const outsider = await phoneLogin(t, world.communes[1]!.officerEmail);
    expect((await t.app.inject({ method: 'GET', url: img, headers: { cookie: outsider } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: img })).statusCode).toBe(401);
  });

  it('writes times the way the web app does: dd/mm/yyyy HH:mm, Vietnam time', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[0]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    const pad = (n: number) => String(n).padStart(2, '0');
    const vn = (at: Date) => {
      const x = new Date(at.getTime() + 7 * 3600_000);
      return `${pad(x.getUTCDate())}/${pad(x.getUTCMonth() + 1)}/${x.getUTCFullYear()} ${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}`;
    };
    const list = await t.app.inject({ method: 'GET', url: '/xa', headers: { cookie } });
    expect(list.body).toContain(`Hạn đăng: ${vn(d.deadlineAt!)}`);
    const task = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
    expect(task.body).toContain(`Hạn: ${vn(d.deadlineAt!)} (còn`);
  });

  it('"đã đăng" with member count, permalink and screenshot: published on time, counts kept, proof for managers only', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[0]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    const page = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
    expect(page.body).toContain('name="memberCount" type="number" inputmode="numeric" min="0" max="1000000" value="40"');
    const screenshot = await sharp({ create: { width: 720, height: 1600, channels: 3, background: '#fff' } }).png().toBuffer();
    const form = await multipart({
      _csrf: csrfOf(page.body),
      memberCount: '57',
      permalink: 'https://zalo.me/g/abcxyz',
      screenshot: { bytes: screenshot, name: 'chup-man-hinh.png', type: 'image/png' },
    });
    const res = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': form.contentType }, payload: form.payload });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/xa?xong=${d.id}`);
    const after = await groupDelivery(officer.groups[0]!);
    expect(after.state).toBe('published');
    expect(after.late).toBe(false);
    expect(after.externalUrl).toBe('https://zalo.me/g/abcxyz');
    const [conf] = await t.db.select().from(manualConfirmations).where(eq(manualConfirmations.deliveryId, d.id));
    expect(conf).toMatchObject({ memberCount: 57, permalink: 'https://zalo.me/g/abcxyz', confirmedBy: officer.officerId });
    const [ch] = await t.db.select().from(channels).where(eq(channels.id, officer.groups[0]!));
    expect(ch!.memberCount).toBe(57);
    const list = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie } });
    expect(list.body).toContain('Đã ghi nhận: Nhóm Zalo bản 1');

    // The form sent again (a second tap on a slow network): the same "recorded" answer, nothing recorded twice.
    const twice = await multipart({ _csrf: csrfOf(page.body), memberCount: '99' });
    const again = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': twice.contentType }, payload: twice.payload });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/xa?xong=${d.id}`);
    expect(await t.db.select().from(manualConfirmations).where(eq(manualConfirmations.deliveryId, d.id))).toMatchObject([{ memberCount: 57 }]);

    const manager = await login(t.app, world.managerEmail);
    const proof = await manager.request('GET', `/api/v1/compliance/proofs/${d.id}`);
    expect(proof.statusCode).toBe(200);
    expect(proof.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(proof.rawPayload, screenshot)).toBe(0);
    for (const who of [officer.officerEmail, world.editorEmail]) {
      const s = await login(t.app, who);
      expect((await s.request('GET', `/api/v1/compliance/proofs/${d.id}`)).statusCode).toBe(403);
    }
    const [row] = await t.db.select().from(manualProofs).where(eq(manualProofs.deliveryId, d.id));
    expect((await t.app.inject({ method: 'GET', url: `/media/${row!.deliveryId}` })).statusCode).toBe(404);
  });

  it('"đã đăng" sent after the session ended: says nothing was recorded, and signing in again reopens the task with what was typed', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[1]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    const page = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
    // The session is gone (12 hours passed, or it was ended elsewhere) while the page stayed open.
    await t.app.inject({ method: 'POST', url: '/xa/dang-xuat', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${csrfOf(page.body)}` });
    const form = await multipart({ _csrf: csrfOf(page.body), memberCount: '63', permalink: 'https://zalo.me/g/nhom-ban-2' });
    const res = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': form.contentType }, payload: form.payload });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Phiên đăng nhập đã hết hạn nên xác nhận &quot;Đã đăng&quot; chưa được ghi');
    expect((await groupDelivery(officer.groups[1]!)).state).toBe('awaiting_officer');
    const next = /name="next" value="([^"]+)"/.exec(res.body)![1]!.replaceAll('&amp;', '&');
    expect(next).toBe(`/xa/nhiem-vu/${d.id}?thanhvien=63&lienket=${encodeURIComponent('https://zalo.me/g/nhom-ban-2')}`);
    const again = await t.app.inject({
      method: 'POST',
      url: '/xa/dang-nhap',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: officer.officerEmail, password: TEST_PASSWORD, next }).toString(),
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(next);
    const fresh = `loa_session=${again.cookies.find((c) => c.name === 'loa_session')!.value}`;
    const reopened = await t.app.inject({ method: 'GET', url: next, headers: { cookie: fresh } });
    expect(reopened.body).toContain('name="memberCount" type="number" inputmode="numeric" min="0" max="1000000" value="63"');
    expect(reopened.body).toContain('value="https://zalo.me/g/nhom-ban-2"');
  });

  it('an address under /xa that does not exist is a phone page leading back to the list, not the public site\'s 404', async () => {
    for (const headers of [{}, { cookie: await phoneLogin(t, world.communes[0]!.officerEmail) }]) {
      const res = await t.app.inject({ url: '/xa/viec-cu', headers });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<h1>Không tìm thấy trang</h1>');
      expect(res.body).toContain('<a class="btn alt" href="/xa">Về danh sách việc</a>');
      expect(res.body).not.toContain('Về trang chủ');
    }
  });

  it('a form post without the session CSRF token is refused and changes nothing', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[1]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    for (const token of ['', 'csrf_wrong']) {
      const form = await multipart({ _csrf: token, memberCount: '12' });
      const res = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': form.contentType }, payload: form.payload });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('tải lại trang');
    }
    // A JSON API route does not take the token from a form body.
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=x',
    });
    expect(json.statusCode).toBe(403);
    expect((await groupDelivery(officer.groups[1]!)).state).toBe('awaiting_officer');
  });

  it('a mistake in the form comes back on the same page with the message; nothing is stored', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[1]!);
    const cookie = await phoneLogin(t, officer.officerEmail);
    const page = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
    const proofsBefore = filesUnder(`${t.deps.config.mediaDir}/proofs`).length;
    type Field = Parameters<typeof multipart>[0][string];
    const cases: { fields: Record<string, Field> & { memberCount: string }; status: number; message: string; field: string }[] = [
      { fields: { memberCount: '-3' }, status: 422, message: 'Số thành viên', field: 'memberCount' },
      { fields: { memberCount: '30', permalink: 'javascript:alert(1)' }, status: 422, message: 'Liên kết bài đăng', field: 'permalink' },
      {
        fields: { memberCount: '30', screenshot: { bytes: Buffer.from('%PDF-1.7\n' + 'x'.repeat(500)), name: 'a.pdf', type: 'application/pdf' } },
        status: 415,
        message: 'phải là ảnh',
        field: 'screenshot',
      },
      // Bytes no type is recognised from: the same words for this field, not the media library's list of videos and PDF.
      { fields: { memberCount: '30', screenshot: { bytes: Buffer.from('không phải ảnh'.repeat(40)), name: 'anh.png', type: 'image/png' } }, status: 415, message: 'Ảnh chụp màn hình phải là ảnh', field: 'screenshot' },
    ];
    for (const c of cases) {
      const form = await multipart({ _csrf: csrfOf(page.body), ...c.fields });
      const res = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': form.contentType }, payload: form.payload });
      expect(res.statusCode).toBe(c.status);
      expect(res.body).toContain(c.message);
      expect(res.body).toContain(`value="${c.fields.memberCount}"`);
      // Without the page's script the picked screenshot is gone with the page: said when there was one.
      expect(res.body.includes('hãy chọn lại ảnh'), c.message).toBe(c.fields.screenshot !== undefined);
      // The field the message names is marked (a red border) and described by the message; no other is.
      expect(res.body, c.message).toMatch(new RegExp(`<input id="${c.field}"[^>]* aria-invalid="true" aria-describedby="loi">`));
      expect(res.body.match(/aria-invalid="true"/g), c.message).toHaveLength(1);
      expect(res.body, c.message).toMatch(/<p id="loi" class="note miss" role="alert">/);
      expect(res.body, c.message).toContain(`<a href="#${c.field}">Đến ô cần sửa</a>`);
    }
    const png = await sharp({ create: { width: 40, height: 80, channels: 3, background: '#eee' } }).png().toBuffer();
    const withShot = await multipart({ _csrf: csrfOf(page.body), memberCount: '30', permalink: 'ftp://zalo.me/g/x', screenshot: { bytes: png, name: 'anh.png', type: 'image/png' } });
    const refused = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': withShot.contentType }, payload: withShot.payload });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Liên kết bài đăng phải bắt đầu bằng http:// hoặc https://<span data-reselect> Ảnh chụp màn hình chưa được lưu: hãy chọn lại ảnh.</span>');
    expect(refused.body).toContain('value="ftp://zalo.me/g/x"');
    // A screenshot over the limit is refused before the form is read: still the task page, naming
    // the field and its limit (stated on the form too), not a bare "too large" page.
    expect(page.body).toContain('tối đa 10 MB');
    const big = await multipart({ _csrf: csrfOf(page.body), memberCount: '30', screenshot: { bytes: Buffer.alloc(11 * 1024 * 1024), name: 'anh.jpg', type: 'image/jpeg' } });
    const tooBig = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': big.contentType }, payload: big.payload });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.body).toContain('Ảnh chụp màn hình lớn hơn giới hạn 10 MB');
    expect(tooBig.body).toMatch(/<div class="file bad"><input id="screenshot"[^>]* aria-invalid="true" aria-describedby="loi">/);
    expect(tooBig.body).toContain('Đã đăng vào nhóm này');
    expect((await groupDelivery(officer.groups[1]!)).state).toBe('awaiting_officer');
    expect(await t.db.select().from(manualConfirmations).where(eq(manualConfirmations.deliveryId, d.id))).toHaveLength(0);
    expect(filesUnder(`${t.deps.config.mediaDir}/proofs`).length).toBe(proofsBefore);
  });

  it('says on every officer page while publishing is frozen: a task opened before stays listed, and its text would invite a post', async () => {
    const officer = world.communes[0]!;
    const d = await groupDelivery(officer.groups[1]!);
    expect(d.state).toBe('awaiting_officer');
    const cookie = await phoneLogin(t, officer.officerEmail);
    await setFreeze(t.db, systemActor, { on: true, reason: 'Rà soát nội dung <chiến dịch>' }, new Date());
    try {
      for (const url of ['/xa', `/xa/nhiem-vu/${d.id}`]) {
        const res = await t.app.inject({ url, headers: { cookie } });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('Đang tạm dừng đăng bài toàn hệ thống: Rà soát nội dung &lt;chiến dịch&gt;. Chưa đăng vào nhóm Zalo');
      }
    } finally {
      await setFreeze(t.db, systemActor, { on: false }, new Date());
    }
    expect((await t.app.inject({ url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } })).body).not.toContain('Đang tạm dừng');
  });

  it('past the deadline the push is missed; confirming later publishes it flagged late', async () => {
    const officer = world.communes[1]!;
    const d = await groupDelivery(officer.groups[2]!);
    expect(d.deadlineAt!.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    offsetMs = d.deadlineAt!.getTime() - Date.now() + 60_000;
    try {
      expect(await markMissed(t.db, systemActor, clock.now())).toBe(5);
      expect((await groupDelivery(officer.groups[2]!)).state).toBe('missed');
      const cookie = await phoneLogin(t, officer.officerEmail);
      const page = await t.app.inject({ method: 'GET', url: `/xa/nhiem-vu/${d.id}`, headers: { cookie } });
      expect(page.body).toContain('Quá hạn');
      const form = await multipart({ _csrf: csrfOf(page.body), memberCount: '61' });
      const res = await t.app.inject({ method: 'POST', url: `/xa/nhiem-vu/${d.id}/xac-nhan`, headers: { cookie, 'content-type': form.contentType }, payload: form.payload });
      expect(res.statusCode).toBe(303);
      const after = await groupDelivery(officer.groups[2]!);
      expect(after).toMatchObject({ state: 'published', late: true, externalUrl: null });
    } finally {
      offsetMs = 0;
    }
  });

  it('an officer with more groups than a page holds sees the ones due first, still under 30 KB', async () => {
    const big = await createCommuneWorld(t.db, { communes: 1, groupsPerCommune: MAX_LISTED_TASKS + 10 });
    const now = new Date();
    const { deliveryIds } = await approveItem(t.db, { unitId: big.province, authorId: big.editorId, channelIds: big.communes[0]!.groups, publishAt: now, publicUrl: t.deps.config.publicUrl });
    await openTasks(t.db, deliveryIds, now);
    const cookie = await phoneLogin(t, big.communes[0]!.officerEmail);
    const res = await t.app.inject({ method: 'GET', url: '/xa', headers: { cookie } });
    expect(res.body.match(/href="\/xa\/nhiem-vu\//g)).toHaveLength(MAX_LISTED_TASKS);
    expect(res.body).toContain('chỉ hiện các việc gần hạn nhất');
    expect(Buffer.byteLength(res.body)).toBeLessThan(30 * 1024);
  });
});
