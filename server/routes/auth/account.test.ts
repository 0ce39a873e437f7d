import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, createUnit, createUser, login, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';

describe('own account and admin password reset over HTTP', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, LOA_PUBLIC_URL: 'http://loa.test', LOA_LOGIN_MAX_ATTEMPTS: '2' } });
    const province = await createUnit(t.db, 'Công an tỉnh');
    const other = await createUnit(t.db, 'Công an tỉnh khác');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin-khac@ca.vn', [{ role: 'admin', unitId: other }]);
    await createUser(t.db, 'me@ca.vn', [{ role: 'editor', unitId: province }]);
    await createUser(t.db, 'quen@ca.vn', [{ role: 'editor', unitId: province }]);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const loginStatus = async (email: string, password: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).statusCode;

  it('stores the language in the profile, and answers later errors in it', async () => {
    const s = await login(t.app, 'me@ca.vn');
    const res = await s.request('PATCH', '/api/v1/auth/me', { locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.locale).toBe('en');
    expect((await s.request('GET', '/api/v1/auth/me')).json().user.locale).toBe('en');
    const bad = await s.request('POST', '/api/v1/auth/password', { currentPassword: 'wrong-password-x', newPassword: 'a-new-long-password' });
    expect(bad.json().detail).toBe('The current password is wrong');
    expect((await s.request('PATCH', '/api/v1/auth/me', { locale: 'fr' })).statusCode).toBe(400);
    await s.request('PATCH', '/api/v1/auth/me', { locale: 'vi' });
  });

  it('changes the own password after checking the current one; other sessions end, this one stays', async () => {
    const here = await login(t.app, 'me@ca.vn');
    const elsewhere = await login(t.app, 'me@ca.vn');
    const wrong = await here.request('POST', '/api/v1/auth/password', { currentPassword: 'khong-dung-123', newPassword: 'mat-khau-moi-rat-dai' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'CURRENT_PASSWORD_WRONG', field: '/currentPassword', detail: 'Mật khẩu hiện tại không đúng' });
    const short = await here.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ngan' });
    expect(short.json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: '/newPassword' });
    expect(await loginStatus('me@ca.vn', TEST_PASSWORD)).toBe(200);

    const ok = await here.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'mat-khau-moi-rat-dai' });
    expect(ok.statusCode).toBe(204);
    expect((await here.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(await loginStatus('me@ca.vn', TEST_PASSWORD)).toBe(401);
    expect(await loginStatus('me@ca.vn', 'mat-khau-moi-rat-dai')).toBe(200);
  });

  it('lets an admin issue a one-time reset link (e-mailed too) that sets a new password, ends sessions and lifts a lockout', async () => {
    const victim = await login(t.app, 'quen@ca.vn');
    await loginStatus('quen@ca.vn', 'sai-1');
    await loginStatus('quen@ca.vn', 'sai-2');
    expect(await loginStatus('quen@ca.vn', TEST_PASSWORD)).toBe(423);

    const admin = await login(t.app, 'admin@ca.vn');
    const users = (await admin.request('GET', '/api/v1/users')).json().items as { id: string; email: string }[];
    const target = users.find((u) => u.email === 'quen@ca.vn')!;
    const outsider = await login(t.app, 'admin-khac@ca.vn');
    expect((await outsider.request('POST', `/api/v1/users/${target.id}/password-reset`)).statusCode).toBe(403);

    const issued = await admin.request('POST', `/api/v1/users/${target.id}/password-reset`);
    expect(issued.statusCode).toBe(201);
    const { url, emailed } = issued.json();
    expect(url).toMatch(/^http:\/\/loa\.test\/app\/dat-lai-mat-khau#loar_/);
    expect(emailed).toBe(true);
    const mail = smtp.mails.find((m) => m.to === 'quen@ca.vn')!;
    expect(mail.body.replace(/=\r?\n/g, '')).toContain(url.split('#')[1]);

    const token = url.split('#')[1] as string;
    const reset = (newPassword: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { token, newPassword } });
    expect((await reset('ngan')).json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: '/newPassword' });
    expect((await reset('mat-khau-dat-lai-123')).statusCode).toBe(204);
    expect((await victim.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(await loginStatus('quen@ca.vn', 'mat-khau-dat-lai-123')).toBe(200);
    const again = await reset('mat-khau-khac-1234');
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('PASSWORD_RESET_INVALID');
  });

  it('replaces an unused link with a newer one', async () => {
    const admin = await login(t.app, 'admin@ca.vn');
    const users = (await admin.request('GET', '/api/v1/users')).json().items as { id: string; email: string }[];
    const id = users.find((u) => u.email === 'me@ca.vn')!.id;
    const first = (await admin.request('POST', `/api/v1/users/${id}/password-reset`)).json().url.split('#')[1];
    await admin.request('POST', `/api/v1/users/${id}/password-reset`);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { token: first, newPassword: 'mat-khau-cu-hon-123' } });
    expect(res.statusCode).toBe(410);
  });
});
