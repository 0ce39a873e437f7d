import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

interface Ability {
  allowed: boolean;
  code: string | null;
}
type Can = Record<'manage' | 'pause' | 'resume' | 'reconnect' | 'test', Ability>;

/**
 * The `can` flags on GET /channels say what the routes themselves would answer, so the
 * app can show or disable an action without knowing a rule: each refused flag is checked
 * here against the route it stands for.
 */
describe('channel can flags', () => {
  let t: TestApp;
  let province: string;
  let commune: string;
  let admin: Session;
  let communeAdmin: Session;
  let editor: Session;
  let site: string;
  let group: string;

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Bình Định');
    commune = await createUnit(t.db, 'Công an xã Cát Tiến', province);
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin-xa@ca.vn', [{ role: 'admin', unitId: commune }, { role: 'editor', unitId: province }]);
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: province }]);
    admin = await login(t.app, 'admin@ca.vn');
    communeAdmin = await login(t.app, 'admin-xa@ca.vn');
    editor = await login(t.app, 'editor@ca.vn');
    const hook = { unitId: province, platform: 'webhook', name: 'Cổng tỉnh', settings: { url: 'https://hook.example.vn/loa' }, credentials: { secret: 'whsec_' + 'a'.repeat(44) } };
    site = (await admin.request('POST', '/api/v1/channels', hook)).json().id;
    group = (await admin.request('POST', '/api/v1/channels', { unitId: commune, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Chánh Oai' })).json().id;
  });
  afterAll(() => t.close());

  async function canOf(who: Session, id: string): Promise<Can> {
    const one = (await who.request('GET', `/api/v1/channels/${id}`)).json().can as Can;
    const listed = (await who.request('GET', '/api/v1/channels')).json().items.find((c: { id: string }) => c.id === id).can as Can;
    expect(listed).toEqual(one);
    return one;
  }
  const allowedOf = (can: Can) => Object.fromEntries(Object.entries(can).map(([k, a]) => [k, a.allowed]));

  it('lets an admin covering the unit do everything the platform has', async () => {
    expect(allowedOf(await canOf(admin, site))).toEqual({ manage: true, pause: true, resume: true, reconnect: true, test: true });
  });

  it('refuses what a manual Zalo group does not have, with the code its route answers', async () => {
    const can = await canOf(admin, group);
    expect(allowedOf(can)).toEqual({ manage: true, pause: true, resume: true, reconnect: false, test: false });
    const put = await admin.request('PUT', `/api/v1/channels/${group}/credentials`, { credentials: { token: 'x' } });
    expect([put.statusCode, put.json().code]).toEqual([422, can.reconnect.code]);
    const test = await admin.request('POST', `/api/v1/channels/${group}/test-connection`, {});
    expect([test.statusCode, test.json().code]).toEqual([422, can.test.code]);
  });

  it('refuses every change to a reader, as the routes do', async () => {
    const can = await canOf(editor, site);
    expect(Object.values(can).every((a) => !a.allowed && a.code === 'FORBIDDEN')).toBe(true);
    expect((await editor.request('POST', `/api/v1/channels/${site}/pause`, { reason: 'Bảo trì' })).statusCode).toBe(403);
    expect((await editor.request('PATCH', `/api/v1/channels/${site}`, { name: 'Khác' })).statusCode).toBe(403);
  });

  it('follows the subtree: a commune admin manages the commune group, only reads the province channel', async () => {
    expect((await canOf(communeAdmin, group)).manage.allowed).toBe(true);
    expect((await canOf(communeAdmin, site)).manage.allowed).toBe(false);
    expect((await communeAdmin.request('POST', `/api/v1/channels/${group}/pause`, { reason: 'Nhóm đang đổi quản trị viên' })).statusCode).toBe(200);
    expect((await communeAdmin.request('POST', `/api/v1/channels/${site}/pause`, { reason: 'x' })).statusCode).toBe(403);
  });
});
