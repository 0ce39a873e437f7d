import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';

/** #11 finding 13: a unit admin grants roles only to users inside what they administer. */
describe('granting a role to a user outside one’s units', () => {
  let t: TestApp;
  let communeA: string;
  let outsider: string;
  let insider: string;
  beforeAll(async () => {
    t = await createTestApp();
    const province = await createUnit(t.db, 'Tỉnh');
    communeA = await createUnit(t.db, 'Xã A', province);
    const communeB = await createUnit(t.db, 'Xã B', province);
    await createUser(t.db, 'admin.a@ca.vn', [{ role: 'admin', unitId: communeA }]);
    outsider = await createUser(t.db, 'giamdoc@ca.vn', [{ role: 'admin', unitId: province }]);
    insider = await createUser(t.db, 'cskv.a@ca.vn', [{ role: 'commune_officer', unitId: communeA }]);
    await createUser(t.db, 'cskv.b@ca.vn', [{ role: 'commune_officer', unitId: communeB }]);
  });
  afterAll(() => t.close());

  it('refuses a grant to a user of the province or of a sibling commune, and so never shows their e-mail', async () => {
    const admin = await login(t.app, 'admin.a@ca.vn');
    const res = await admin.request('POST', `/api/v1/users/${outsider}/memberships`, { unitId: communeA, role: 'viewer' });
    expect(res.statusCode).toBe(403);
    const listed = await admin.request('GET', '/api/v1/users');
    expect(listed.body).not.toContain('giamdoc@ca.vn');
    expect(listed.body).not.toContain('cskv.b@ca.vn');
    expect((await admin.request('POST', `/api/v1/users/${insider}/memberships`, { unitId: communeA, role: 'editor' })).statusCode).toBe(201);
  });
});
