import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, TEST_PASSWORD, type TestApp } from '../../test/app.ts';

/** #11 finding 13: /xa/dang-nhap refuses a login form posted from another site, with or without Sec-Fetch-Site. */
describe('phone login form and cross-site posts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_PUBLIC_URL: 'https://loa.binhdinh.gov.vn' } });
    await createUser(t.db, 'cskv@ca.vn', [{ role: 'commune_officer', unitId: await createUnit(t.db, 'Xã Phước Lộc') }]);
  });
  afterAll(() => t.close());

  const post = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/xa/dang-nhap',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ email: 'cskv@ca.vn', password: TEST_PASSWORD }).toString(),
    });

  it('refuses a post whose Origin or Referer is another site when Sec-Fetch-Site is absent', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { referer: 'https://evil.example/trap.html' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'https://x.binhdinh.gov.vn' }]) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.cookies.find((c) => c.name === 'loa_session')).toBeUndefined();
    }
  });

  it('signs in from Loa’s own page', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: 'https://loa.binhdinh.gov.vn' }, { referer: 'https://loa.binhdinh.gov.vn/xa' }, { 'sec-fetch-site': 'same-origin' }, {}]) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(303);
      expect(res.cookies.find((c) => c.name === 'loa_session')).toBeDefined();
    }
  });
});
