import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';

describe('auth over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_LOGIN_MAX_ATTEMPTS: '3' } });
    const unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: unit }]);
    await createUser(t.db, 'lock@ca.vn', [{ role: 'viewer', unitId: unit }]);
  });
  afterAll(() => t.close());

  it('logs in with an httpOnly cookie and reports the user and roles', async () => {
    const s = await login(t.app, 'EDITOR@ca.vn');
    const me = await s.request('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('editor@ca.vn');
    expect(me.json().memberships).toEqual([expect.objectContaining({ role: 'editor' })]);
    // The web app reads its CSRF token here after a page reload.
    expect(me.json().csrfToken).toBe(s.csrfToken);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'editor@ca.vn', password: 'mat-khau-du-dai-123' } });
    const cookie = res.cookies.find((c) => c.name === 'loa_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('says a field sent empty is empty, not that it needs at least N characters; a short one still gets the minimum', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: '', password: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([
      { field: '/email', code: 'VALIDATION_MINLENGTH', message: 'Không được để trống' },
      { field: '/password', code: 'VALIDATION_MINLENGTH', message: 'Không được để trống' },
    ]);
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ab', password: 'x' } });
    expect(short.json().errors).toEqual([{ field: '/email', code: 'VALIDATION_MINLENGTH', message: 'Cần ít nhất 3 ký tự' }]);
  });

  it('sets a readable signed-in cookie beside the session, without its secret, and clears both on sign-out', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'editor@ca.vn', password: 'mat-khau-du-dai-123' } });
    const session = res.cookies.find((c) => c.name === 'loa_session')!;
    // The web app reads it to skip asking /auth/me on a signed-out visitor's first page.
    const hint = res.cookies.find((c) => c.name === 'loa_signed_in')!;
    expect(hint).toMatchObject({ value: '1', path: '/', sameSite: 'Lax' });
    expect(hint.httpOnly).toBeFalsy();
    expect(hint.expires).toEqual(session.expires);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: `loa_session=${session.value}`, 'x-csrf-token': res.json().csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.filter((c) => c.value === '').map((c) => c.name).sort()).toEqual(['loa_session', 'loa_signed_in']);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie: s.cookie }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('CSRF_TOKEN_INVALID');
  });

  it('issues API tokens that authenticate without cookie or CSRF', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const created = await s.request('POST', '/api/v1/auth/tokens', { name: 'automation' });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.email).toBe('editor@ca.vn');
    expect(me.json().csrfToken).toBeNull();
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer loa_nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses a token lifetime left empty or below one day under its field, making no token', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const empty = await s.request('POST', '/api/v1/auth/tokens', { name: 'rỗng', expiresInDays: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: '/expiresInDays', code: 'VALIDATION_TYPE', message: 'Không được để trống' }]);
    const negative = await s.request('POST', '/api/v1/auth/tokens', { name: 'âm', expiresInDays: -5 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({ field: '/expiresInDays', errors: [{ field: '/expiresInDays', message: 'Phải ≥ 1' }] });
    expect((await s.request('GET', '/api/v1/auth/tokens')).json().items.map((tk: { name: string }) => tk.name)).not.toContain('âm');
  });

  it('answers a wrong password in Vietnamese, and locks the account after repeated failures', async () => {
    const wrong = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'lock@ca.vn', password: 'sai-mat-khau' } });
    const first = await wrong();
    expect(first.statusCode).toBe(401);
    expect(first.json().detail).toBe('Email hoặc mật khẩu không đúng');
    await wrong();
    await wrong();
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'lock@ca.vn', password: 'mat-khau-du-dai-123' } });
    expect(locked.statusCode).toBe(423);
    const rows = await t.db.select().from(auditLog);
    expect(rows.map((r) => r.action)).toContain('auth.locked');
  });
});
