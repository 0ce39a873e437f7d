import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../core/org/pagination.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../test/app.ts';

/**
 * #11 finding 12: the reproductions from outside testing, each once. The corpus in
 * test/bad-input sends every kind to every operation; these name what each kind must answer.
 */
describe('bad input answered 4xx, never 500', () => {
  let t: TestApp;
  let admin: Session;
  let unit: string;
  const nested = (levels: number) => '{"name":' + '['.repeat(levels) + ']'.repeat(levels) + '}';
  beforeAll(async () => {
    t = await createTestApp();
    unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: unit }]);
    admin = await login(t.app, 'admin@ca.vn');
  });
  afterAll(() => t.close());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code: string, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, ...(field ? { field } : {}) });
  };

  it('refuses NUL bytes in paths, queries and bodies before they reach PostgreSQL', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/bai-viet/%00' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/og/%00.png' })).statusCode).toBe(400);
    const loginNul = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@ca.vn\u0000', password: 'x' } });
    expectProblem(loginNul, 400, 'INVALID_CHARACTER', '/email');
    expectProblem(await admin.request('GET', '/api/v1/audit?entityType=%00'), 400, 'INVALID_CHARACTER', 'querystring:/entityType');
  });

  it('refuses unpaired surrogates, which PostgreSQL cannot store in the audit JSON', async () => {
    const before = (await admin.request('GET', '/api/v1/audit')).json().items.length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      payload: `{"parentId":"${unit}","name":"Xã \\ud800"}`,
    });
    expectProblem(res, 400, 'INVALID_CHARACTER', '/name');
    expect((await admin.request('GET', '/api/v1/audit')).json().items.length).toBe(before);
  });

  it('refuses year 0000 and the leap second :60', async () => {
    expectProblem(await admin.request('GET', '/api/v1/audit?from=0000-01-01T00:00:00Z'), 400, 'VALIDATION_FAILED', 'querystring:/from');
    expectProblem(await admin.request('GET', '/api/v1/audit?to=2016-12-31T23:59:60Z'), 400, 'VALIDATION_FAILED', 'querystring:/to');
    expectProblem(await admin.request('GET', '/api/v1/deliveries?fromDay=0000-01-01'), 400, 'VALIDATION_FAILED', 'querystring:/fromDay');
  });

  it('refuses numbers that read as Infinity', async () => {
    expectProblem(await admin.request('GET', '/api/v1/channels?limit=1e400'), 400, 'VALIDATION_FAILED', 'querystring:/limit');
    expect((await t.app.inject({ method: 'GET', url: '/?trang=1e400' })).statusCode).toBe(400);
  });

  it('refuses JSON nested deeper than 32 levels, the 8,000 that overflowed the stack and the 2,000 that were stored', async () => {
    for (const levels of [8000, 2000, 40]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/units',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
        payload: nested(levels),
      });
      expectProblem(res, 400, 'JSON_TOO_DEEP');
    }
  });

  it('answers 400 CURSOR_INVALID to a forged cursor on every kind of list', async () => {
    const forged = encodeCursor(['not-a-time', 'not-a-uuid']);
    for (const url of ['/api/v1/notifications', '/api/v1/deliveries', '/api/v1/content', '/api/v1/consents', '/api/v1/users', '/api/v1/channels', '/api/v1/media']) {
      expectProblem(await admin.request('GET', `${url}?cursor=${forged}`), 400, 'CURSOR_INVALID', 'querystring:/cursor');
      expectProblem(await admin.request('GET', `${url}?cursor=abc%7Cdef`), 400, 'CURSOR_INVALID', 'querystring:/cursor');
    }
    expectProblem(await admin.request('GET', `/api/v1/audit?cursor=${encodeCursor([1e300])}`), 400, 'CURSOR_INVALID');
  });

  it('audit.csv refuses a bad filter with an error answer instead of a 200 cut short', async () => {
    expectProblem(await admin.request('GET', '/api/v1/audit.csv?from=0000-01-01T00:00:00Z'), 400, 'VALIDATION_FAILED');
    const ok = await admin.request('GET', '/api/v1/audit.csv');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('auth.login');
  });

  it('answers malformed and overlong URLs as problem+json', async () => {
    expectProblem(await admin.request('GET', '/api/v1/channels/%FF%FE'), 400, 'URL_INVALID');
    expectProblem(await admin.request('GET', `/api/v1/channels/${'x'.repeat(5000)}`), 414, 'URL_TOO_LONG');
  });
});
