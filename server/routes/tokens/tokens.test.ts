import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { createApiToken, LAST_USED_RESOLUTION_MS } from '../../../core/auth/api-tokens.ts';
import { apiTokens, auditLog } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';

describe('own API tokens over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: unit }]);
    await createUser(t.db, 'other@ca.vn', [{ role: 'editor', unitId: unit }]);
  });
  afterAll(() => t.close());

  it('lists the caller’s tokens without secrets, revokes one, and the revoked token stops authenticating', async () => {
    const s = await login(t.app, 'editor@ca.vn');
    const created = (await s.request('POST', '/api/v1/auth/tokens', { name: 'Đồng bộ lịch' })).json();
    await s.request('POST', '/api/v1/auth/tokens', { name: 'khác' });
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(200);

    const listed = await s.request('GET', '/api/v1/auth/tokens');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items).toContainEqual(expect.objectContaining({ id: created.id, name: 'Đồng bộ lịch', prefix: created.token.slice(0, 10), revokedAt: null }));
    expect(listed.body).not.toContain(created.token);
    expect(listed.json().items.find((i: { id: string }) => i.id === created.id).lastUsedAt).not.toBeNull();

    const revoked = await s.request('DELETE', `/api/v1/auth/tokens/${created.id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
    const after = (await s.request('GET', '/api/v1/auth/tokens')).json().items.find((i: { id: string }) => i.id === created.id);
    expect(after.revokedAt).not.toBeNull();
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'api_token.revoke')))).toHaveLength(1);
  });

  it('neither lists nor revokes another user’s token', async () => {
    const owner = await login(t.app, 'other@ca.vn');
    const theirs = (await owner.request('POST', '/api/v1/auth/tokens', { name: 'của người khác' })).json();
    const s = await login(t.app, 'editor@ca.vn');
    expect((await s.request('GET', '/api/v1/auth/tokens')).json().items.map((i: { id: string }) => i.id)).not.toContain(theirs.id);
    const res = await s.request('DELETE', `/api/v1/auth/tokens/${theirs.id}`);
    expect(res.statusCode).toBe(404);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${theirs.token}` } });
    expect(me.statusCode).toBe(200);
  });
});

describe('a token’s last use', () => {
  let now = new Date('2026-12-01T01:00:00Z');
  const clock = { now: () => now };
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    userId = await createUser(t.db, 'robot@ca.vn', [{ role: 'viewer', unitId: await createUnit(t.db, 'Công an tỉnh') }]);
  });
  afterAll(() => t.close());

  it('is written at most once a minute, so reading with a token does not write on every request', async () => {
    const { id, token } = await createApiToken(t.db, clock, systemActor, userId, { name: 'báo cáo', scope: 'read', expiresInDays: 1 }, null);
    const use = async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      const [row] = await t.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id));
      return row!.lastUsedAt?.toISOString();
    };
    const first = now.toISOString();
    expect(await use()).toBe(first);
    now = new Date(now.getTime() + LAST_USED_RESOLUTION_MS - 1000);
    expect(await use()).toBe(first);
    now = new Date(now.getTime() + 1000);
    expect(await use()).toBe(now.toISOString());
  });
});
