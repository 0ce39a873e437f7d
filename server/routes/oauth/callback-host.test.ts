import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';

/** #11 finding 15: an OAuth callback landing on another host than LOA_PUBLIC_URL says why it is refused. */
describe('Zalo OAuth callback without the session cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_PUBLIC_URL: 'https://loa.binhdinh.gov.vn' } });
  });
  afterAll(() => t.close());

  it('names the host it reached and LOA_PUBLIC_URL', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/oauth/zalo/callback?state=abc&code=xyz', headers: { host: '192.168.1.20:3000', 'accept-language': 'en' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'OAUTH_CALLBACK_NO_SESSION' });
    expect(res.json().messages.en).toContain('192.168.1.20:3000');
    expect(res.json().messages.en).toContain('https://loa.binhdinh.gov.vn');
    const sameHost = await t.app.inject({ method: 'GET', url: '/api/v1/oauth/zalo/callback?state=abc&code=xyz', headers: { host: 'loa.binhdinh.gov.vn' } });
    expect(sameHost.json().messages.en).toContain('sign in again');
  });
});
