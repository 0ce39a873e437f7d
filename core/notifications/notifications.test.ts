import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../test/app.ts';
import { notifyUnitRoles } from './notify.ts';

describe('notifications', () => {
  let t: TestApp;
  let province: string;
  let commune: string;
  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh');
    commune = await createUnit(t.db, 'Công an xã A', province);
    const sibling = await createUnit(t.db, 'Công an xã B', province);
    await createUser(t.db, 'truong@ca.vn', [{ role: 'approver', unitId: province }]);
    await createUser(t.db, 'xa-a@ca.vn', [{ role: 'approver', unitId: commune }]);
    await createUser(t.db, 'xa-b@ca.vn', [{ role: 'approver', unitId: sibling }]);
    await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: commune }]);
  });
  afterAll(() => t.close());

  it('reaches the role holders of the unit and of the units above it, not siblings or other roles', async () => {
    const n = await notifyUnitRoles(t.db, commune, ['approver'], { kind: 'approval_waiting', title: { vi: 'Có bài chờ duyệt', en: 'Waiting for approval' } });
    expect(n).toBe(2);
    const a = await login(t.app, 'xa-a@ca.vn');
    const list = await a.request('GET', '/api/v1/notifications?unread=true');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { title: string }) => i.title)).toEqual(['Có bài chờ duyệt']);
    expect(list.json().unread).toBe(1);
    const b = await login(t.app, 'xa-b@ca.vn');
    expect((await b.request('GET', '/api/v1/notifications')).json().items).toHaveLength(0);
  });

  it('shows each reader the texts of their profile language', async () => {
    await notifyUnitRoles(t.db, commune, ['editor'], {
      kind: 'delivery_failed',
      title: { vi: 'Đăng bài thất bại trên kênh "Fanpage"', en: 'Publishing failed on channel "Fanpage"' },
      body: { vi: 'Mật khẩu ứng dụng sai', en: 'Wrong application password' },
    });
    const editor = await login(t.app, 'bientap@ca.vn');
    const seen = async () => (await editor.request('GET', '/api/v1/notifications')).json().items[0] as { title: string; body: string };
    expect(await seen()).toMatchObject({ title: 'Đăng bài thất bại trên kênh "Fanpage"', body: 'Mật khẩu ứng dụng sai' });
    expect((await editor.request('PATCH', '/api/v1/auth/me', { locale: 'en' })).statusCode).toBe(200);
    expect(await seen()).toMatchObject({ title: 'Publishing failed on channel "Fanpage"', body: 'Wrong application password' });
  });

  it('marks read, and refuses to mark another user\'s notification', async () => {
    const a = await login(t.app, 'xa-a@ca.vn');
    const [item] = (await a.request('GET', '/api/v1/notifications')).json().items;
    const boss = await login(t.app, 'truong@ca.vn');
    expect((await boss.request('POST', `/api/v1/notifications/${item.id}/read`)).statusCode).toBe(404);
    expect((await a.request('POST', `/api/v1/notifications/${item.id}/read`)).statusCode).toBe(204);
    expect((await a.request('GET', '/api/v1/notifications?unread=true')).json().unread).toBe(0);
  });
});
