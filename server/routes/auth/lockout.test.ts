import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';

/** #11 finding 13: the lockout answers alike for existing and unknown accounts, and nobody can lock an account at will. */
describe('login lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_LOGIN_MAX_ATTEMPTS: '3' } });
    await createUser(t.db, 'canbo@ca.vn', [{ role: 'editor', unitId: await createUnit(t.db, 'Tỉnh') }]);
  });
  afterAll(() => t.close());

  const attempt = (email: string, password: string, from: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: from, payload: { email, password } });
  const shape = (r: { statusCode: number; json(): { code: string; detail: string } }) => [r.statusCode, r.json().code, r.json().detail];

  it('answers an existing and an unknown account the same, failure after failure', async () => {
    for (let i = 0; i < 5; i++) {
      const known = await attempt('canbo@ca.vn', 'sai-mat-khau', '198.51.100.1');
      const unknown = await attempt('khongco@ca.vn', 'sai-mat-khau', '198.51.100.2');
      expect(shape(known)).toEqual(shape(unknown));
    }
    expect((await attempt('canbo@ca.vn', 'sai-mat-khau', '198.51.100.1')).statusCode).toBe(423);
  });

  it('a stranger’s failures do not lock the owner out from their own address', async () => {
    // 198.51.100.1 has locked itself off canbo@ca.vn above; the owner signs in from elsewhere.
    expect((await attempt('canbo@ca.vn', TEST_PASSWORD, '198.51.100.1')).statusCode).toBe(423);
    expect((await attempt('canbo@ca.vn', TEST_PASSWORD, '192.0.2.10')).statusCode).toBe(200);
  });
});
