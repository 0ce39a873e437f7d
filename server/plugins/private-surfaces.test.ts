import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../test/app.ts';

/** #11 findings 13 (nosniff/no-store, private /metrics and /docs/json) and 15 (Swagger can send x-csrf-token). */
describe('API headers and the private surfaces', () => {
  let t: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    open = await createTestApp({ env: { LOA_PUBLIC_DOCS: 'true', LOA_PUBLIC_METRICS: 'true' } });
    const unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: unit }]);
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: unit }]);
  });
  afterAll(async () => {
    await t.close();
    await open.close();
  });

  it('marks API answers, errors included, and /docs answers nosniff and no-store', async () => {
    const admin = await login(t.app, 'admin@ca.vn');
    for (const res of [
      await admin.request('GET', '/api/v1/auth/me'),
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/nope' }),
      await admin.request('GET', '/docs/json'),
      await t.app.inject({ method: 'GET', url: '/docs/json' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves /docs and /docs/json to signed-in users only, unless LOA_PUBLIC_DOCS', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(401);
    // A browser opening the page signed out is sent to sign in, and back to /docs afterwards.
    const browser = await t.app.inject({ method: 'GET', url: '/docs', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect([browser.statusCode, browser.headers.location]).toEqual([303, '/app/dang-nhap?next=%2Fdocs']);
    expect((await t.app.inject({ method: 'GET', url: '/docs/json', headers: { accept: 'text/html' } })).statusCode).toBe(401);
    const editor = await login(t.app, 'editor@ca.vn');
    expect((await editor.request('GET', '/docs/json')).statusCode).toBe(200);
    expect((await open.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('serves /metrics to admins (session or token) only, unless LOA_PUBLIC_METRICS', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const editor = await login(t.app, 'editor@ca.vn');
    expect((await editor.request('GET', '/metrics')).statusCode).toBe(403);
    const admin = await login(t.app, 'admin@ca.vn');
    const token = (await admin.request('POST', '/api/v1/auth/tokens', { name: 'prometheus' })).json().token as string;
    const scraped = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('loa_up');
    expect((await open.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('declares x-csrf-token as a security scheme so Swagger can send it with the session cookie', async () => {
    const doc = (await open.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(doc.security).toContainEqual({ session: [], csrf: [] });
  });
});
