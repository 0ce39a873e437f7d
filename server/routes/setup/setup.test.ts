import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSetupInvitation } from '../../../core/setup.ts';
import { auditLog, memberships, units, users } from '../../../db/schema/index.ts';
import { createTestApp, login, type TestApp } from '../../../test/app.ts';

describe('first-run setup link over HTTP', () => {
  let t: TestApp;
  let token: string;
  beforeEach(async () => {
    t = await createTestApp();
    const state = await ensureSetupInvitation(t.db, t.deps.clock);
    if (state.kind !== 'invited') throw new Error(`expected an invitation, got ${state.kind}`);
    token = state.token;
  });
  afterEach(() => t.close());

  const admin = { email: 'Quan.Tri@congan.binhdinh.gov.vn', displayName: 'Trần Thị Bình', password: 'mat-khau-quan-tri-1', unitName: 'Công an tỉnh Bình Định' };

  it('tells a signed-out browser whether the first administrator is still to be made, and nothing more', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/setup' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ setupNeeded: true });
    expect(before.headers['cache-control']).toBe('no-store');
    await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, ...admin } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ setupNeeded: false });
  });

  it('serves a small Vietnamese HTML form that works without JavaScript, and keeps the token out of logs', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/setup?token=${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('<form method="post" action="/setup" novalidate>');
    expect(res.body).toContain(`name="token" value="${token}"`);
    for (const field of ['unitName', 'displayName', 'email', 'password']) expect(res.body).toContain(`name="${field}"`);
    expect(res.body).not.toContain('<script');
    expect(t.logs.join('')).not.toContain(token);
  });

  it('creates the root unit and first admin from JSON once; a second use is refused with 403 problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, ...admin } });
    expect(res.statusCode).toBe(201);
    const { userId, unitId } = res.json();
    const [unit] = await t.db.select().from(units).where(eq(units.id, unitId));
    expect(unit).toMatchObject({ name: 'Công an tỉnh Bình Định', parentId: null });
    expect(await t.db.select().from(memberships).where(eq(memberships.userId, userId))).toEqual([expect.objectContaining({ unitId, role: 'admin' })]);
    const s = await login(t.app, 'quan.tri@congan.binhdinh.gov.vn', admin.password);
    expect((await s.request('GET', '/api/v1/auth/me')).json().user.displayName).toBe('Trần Thị Bình');
    expect((await t.db.select().from(auditLog).where(eq(auditLog.entityId, userId))).map((r) => r.action)).toContain('user.create');

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, ...admin, email: 'ke.khac@ca.vn' } });
    expect(again.statusCode).toBe(403);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'SETUP_TOKEN_INVALID', field: '/token' });
    expect(await t.db.select().from(users)).toHaveLength(1);
    const page = await t.app.inject({ method: 'GET', url: `/setup?token=${token}` });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Liên kết thiết lập không hợp lệ');
    expect(page.body).not.toContain('<form');
  });

  it('accepts the HTML form post, re-showing the form with a Vietnamese message on a bad field', async () => {
    const form = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/setup',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const short = await form({ token, ...admin, password: 'ngan' });
    expect(short.statusCode).toBe(422);
    expect(short.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(short.body).toContain('Mật khẩu cần ít nhất 10 ký tự');
    expect(short.body).toContain('value="Công an tỉnh Bình Định"');
    expect(short.body).not.toContain('value="ngan"');
    expect(await t.db.select().from(users)).toHaveLength(0);

    const done = await form({ token, ...admin });
    expect(done.statusCode).toBe(201);
    expect(done.body).toContain('Đã thiết lập xong');
    // The new administrator is signed in by the form they just filled: the session cookie opens the app.
    const session = done.cookies.find((c) => c.name === 'loa_session');
    expect(session?.httpOnly).toBe(true);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { loa_session: session!.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(admin.email.toLowerCase());
    expect(await t.db.select().from(users)).toHaveLength(1);
    const reused = await form({ token, ...admin });
    expect(reused.statusCode).toBe(403);
    expect(reused.body).toContain('Liên kết thiết lập không hợp lệ');
  });

  it('shows the refusal page for a wrong or missing token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/setup?token=setup_sai' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(403);
  });

  it('gives a new link at the next start while no user exists, and the lost one stops working', async () => {
    const next = await ensureSetupInvitation(t.db, t.deps.clock);
    if (next.kind !== 'invited') throw new Error(`expected a new invitation, got ${next.kind}`);
    expect(next.token).not.toBe(token);
    const old = await t.app.inject({ method: 'GET', url: `/setup?token=${token}` });
    expect(old.statusCode).toBe(403);
    expect(old.body).toContain('khởi động lại Loa để nhận liên kết mới');
    expect((await t.app.inject({ method: 'GET', url: `/setup?token=${next.token}` })).statusCode).toBe(200);
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: next.token, ...admin } });
    expect(made.statusCode).toBe(201);
    expect(await ensureSetupInvitation(t.db, t.deps.clock)).toEqual({ kind: 'done' });
  });
});
