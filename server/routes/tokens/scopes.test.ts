import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';

/** #11 finding 13: API tokens carry a scope and an expiry, and a token cannot mint beyond itself. */
describe('API token scopes and expiry', () => {
  let t: TestApp;
  let now = new Date('2026-03-01T02:00:00Z');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
    const unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'viewer@ca.vn', [{ role: 'viewer', unitId: unit }]);
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: unit }]);
  });
  afterAll(() => t.close());

  it('a read token reads but cannot write, and so cannot mint another token', async () => {
    const s = await login(t.app, 'viewer@ca.vn');
    const created = await s.request('POST', '/api/v1/auth/tokens', { name: 'bảng theo dõi' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ scope: 'read', expiresAt: '2026-05-30T02:00:00.000Z' });
    const token = created.json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    const mint = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(token), payload: { name: 'thêm' } });
    expect(mint.statusCode).toBe(403);
    expect(mint.json().code).toBe('TOKEN_SCOPE_READ_ONLY');
    expect((await s.request('GET', '/api/v1/auth/tokens')).json().items).toHaveLength(1);
  });

  it('a write token mints only tokens expiring no later than itself', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const parent = (await s.request('POST', '/api/v1/auth/tokens', { name: 'đồng bộ', scope: 'write', expiresInDays: 10 })).json();
    const later = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(parent.token), payload: { name: 'con', scope: 'write', expiresInDays: 30 } });
    expect(later.statusCode).toBe(403);
    expect(later.json()).toMatchObject({ code: 'TOKEN_BEYOND_OWN_RIGHTS', field: '/expiresInDays' });
    const child = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(parent.token), payload: { name: 'con', expiresInDays: 5 } });
    expect(child.statusCode).toBe(201);
    expect(child.json().scope).toBe('read');
  });

  it('an expired token no longer authenticates', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const token = (await s.request('POST', '/api/v1/auth/tokens', { name: 'ngắn hạn', expiresInDays: 1 })).json().token as string;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    now = new Date(now.getTime() + 86_400_000 + 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    const listed = (await login(t.app, 'editor@ca.vn')).request('GET', '/api/v1/auth/tokens');
    expect((await listed).json().items.every((i: { expiresAt: string }) => typeof i.expiresAt === 'string')).toBe(true);
  });

  it('refuses a lifetime beyond a year', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const res = await s.request('POST', '/api/v1/auth/tokens', { name: 'mãi mãi', expiresInDays: 366 });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('/expiresInDays');
  });
});
