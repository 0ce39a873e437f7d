import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/index.ts';
import { loadConfig } from '../../../lib/config.ts';
import { createTestApp, createUnit, createUser, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';

/** #11 finding 10: X-Forwarded-For is believed only from the proxies in LOA_TRUST_PROXY. */
describe('client address behind proxies', () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    direct = await createTestApp({ env: { LOA_LOGIN_MAX_ATTEMPTS: '1' } });
    proxied = await createTestApp({ env: { LOA_LOGIN_MAX_ATTEMPTS: '1', LOA_TRUST_PROXY: '10.0.0.5' } });
    for (const t of [direct, proxied]) await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: await createUnit(t.db, 'Tỉnh') }]);
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  const attempt = (t: TestApp, from: string, forwardedFor: string, password = 'sai-mat-khau') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor }, payload: { email: `nobody-${Math.random()}@ca.vn`, password } });

  it('by default ignores X-Forwarded-For: rotating it does not escape the per-IP login limit', async () => {
    // LOA_LOGIN_MAX_ATTEMPTS=1 → 4 failures per IP per 15 minutes.
    for (let i = 0; i < 4; i++) expect((await attempt(direct, '198.51.100.9', `203.0.113.${i}`)).statusCode).toBe(401);
    const fifth = await attempt(direct, '198.51.100.9', '203.0.113.99');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('AUTH_RATE_LIMITED');
  });

  it('believes X-Forwarded-For from a configured proxy only, and audits the real client address', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt(proxied, '10.0.0.5', `203.0.113.${i}`)).statusCode).toBe(401);
    expect((await attempt(proxied, '10.0.0.5', '203.0.113.50')).statusCode).toBe(401);
    // Not from the proxy: the header is a claim of the caller, so the caller's own address counts.
    for (let i = 0; i < 4; i++) await attempt(proxied, '198.51.100.7', `203.0.113.${100 + i}`);
    expect((await attempt(proxied, '198.51.100.7', '203.0.113.200')).statusCode).toBe(429);

    const ok = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': '192.0.2.44' }, payload: { email: 'admin@ca.vn', password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const [row] = await proxied.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login')).orderBy(desc(auditLog.id)).limit(1);
    expect(row!.ip).toBe('192.0.2.44');
  });

  it('refuses a LOA_TRUST_PROXY that would trust everyone', () => {
    expect(() => loadConfig({ LOA_TRUST_PROXY: 'true' })).toThrow(/LOA_TRUST_PROXY/);
    expect(loadConfig({ LOA_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});
