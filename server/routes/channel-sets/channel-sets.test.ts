import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelSetMembers, channelSets } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('channel sets API', () => {
  let t: TestApp;
  let province: string;
  let district: string;
  let communeA: string;
  let communeB: string;
  let outside: string;
  let admin: Session;
  let districtAdmin: Session;
  let viewer: Session;
  const zalo: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Sơn La');
    district = await createUnit(t.db, 'Cụm xã Mộc Châu', province);
    communeA = await createUnit(t.db, 'Công an xã Chiềng Sơn', district);
    communeB = await createUnit(t.db, 'Công an xã Tân Lập', district);
    outside = await createUnit(t.db, 'Công an xã Mường La', province);
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'district@ca.vn', [{ role: 'admin', unitId: district }]);
    await createUser(t.db, 'viewer@ca.vn', [{ role: 'viewer', unitId: district }]);
    admin = await login(t.app, 'admin@ca.vn');
    districtAdmin = await login(t.app, 'district@ca.vn');
    viewer = await login(t.app, 'viewer@ca.vn');
    for (const [key, unitId] of Object.entries({ a: communeA, b: communeB, out: outside })) {
      const res = await admin.request('POST', '/api/v1/channels', { unitId, platform: 'zalo_group_manual', name: `Nhóm Zalo ${key}`, memberCount: 50 });
      zalo[key] = res.json().id;
    }
  });
  afterAll(() => t.close());

  it('creates a set of the channels below its unit, audited, and shows it with its channels', async () => {
    const res = await districtAdmin.request('POST', '/api/v1/channel-sets', { unitId: district, name: 'Nhóm Zalo các xã Mộc Châu', channelIds: [zalo.a, zalo.b] });
    expect(res.statusCode).toBe(201);
    const set = res.json();
    expect(set).toMatchObject({ unitId: district, name: 'Nhóm Zalo các xã Mộc Châu' });
    expect(set.channelIds).toEqual([zalo.a, zalo.b].sort());

    const read = await viewer.request('GET', `/api/v1/channel-sets/${set.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().channels.map((c: { name: string }) => c.name)).toEqual(['Nhóm Zalo a', 'Nhóm Zalo b']);
    expect((await viewer.request('GET', '/api/v1/channel-sets')).json().items.map((s: { id: string }) => s.id)).toEqual([set.id]);

    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, set.id));
    expect(entry).toMatchObject({ action: 'channel_set.create', unitId: district });
  });

  it("refuses a channel outside the set's unit, naming it, and leaves nothing behind", async () => {
    const before = (await t.db.select().from(channelSets)).length;
    const res = await admin.request('POST', '/api/v1/channel-sets', { unitId: district, name: 'Sai', channelIds: [zalo.a, zalo.out] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CHANNEL_SET_CHANNEL_OUTSIDE_UNIT', field: '/channelIds/1' });
    expect((await t.db.select().from(channelSets)).length).toBe(before);

    const missing = await admin.request('POST', '/api/v1/channel-sets', { unitId: district, name: 'Sai', channelIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(missing.json().field).toBe('/channelIds/0');
  });

  it('adds and removes members, each change audited; refuses outsiders and non-admins', async () => {
    const set = (await districtAdmin.request('POST', '/api/v1/channel-sets', { unitId: district, name: 'Xã Chiềng Sơn' })).json();
    expect(set.channelIds).toEqual([]);
    const added = await districtAdmin.request('POST', `/api/v1/channel-sets/${set.id}/members`, { channelIds: [zalo.a, zalo.b] });
    expect(added.json().channelIds).toEqual([zalo.a, zalo.b].sort());
    const again = await districtAdmin.request('POST', `/api/v1/channel-sets/${set.id}/members`, { channelIds: [zalo.a] });
    expect(again.json().channelIds).toHaveLength(2);

    const out = await admin.request('POST', `/api/v1/channel-sets/${set.id}/members`, { channelIds: [zalo.out] });
    expect(out.statusCode).toBe(422);
    expect((await viewer.request('POST', `/api/v1/channel-sets/${set.id}/members`, { channelIds: [zalo.a] })).statusCode).toBe(403);

    expect((await districtAdmin.request('DELETE', `/api/v1/channel-sets/${set.id}/members/${zalo.b}`)).statusCode).toBe(204);
    expect((await districtAdmin.request('DELETE', `/api/v1/channel-sets/${set.id}/members/${zalo.b}`)).statusCode).toBe(404);
    const members = await t.db.select().from(channelSetMembers).where(eq(channelSetMembers.setId, set.id));
    expect(members.map((m) => m.channelId)).toEqual([zalo.a]);

    const renamed = await districtAdmin.request('PATCH', `/api/v1/channel-sets/${set.id}`, { name: 'Xã Chiềng Sơn (mới)' });
    expect(renamed.json().name).toBe('Xã Chiềng Sơn (mới)');

    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.entityId, set.id)).orderBy(auditLog.id)).map((r) => [r.action, r.data]);
    expect(actions).toEqual([
      ['channel_set.create', { name: 'Xã Chiềng Sơn', channelIds: [] }],
      ['channel_set.members.add', { channelIds: expect.arrayContaining([zalo.a, zalo.b]) }],
      ['channel_set.members.remove', { channelId: zalo.b }],
      ['channel_set.rename', { name: { old: 'Xã Chiềng Sơn', new: 'Xã Chiềng Sơn (mới)' } }],
    ]);
  });

  it('keeps sets of other subtrees invisible and lets only covering admins delete', async () => {
    const other = (await admin.request('POST', '/api/v1/channel-sets', { unitId: outside, name: 'Mường La', channelIds: [zalo.out] })).json();
    expect((await districtAdmin.request('GET', `/api/v1/channel-sets/${other.id}`)).statusCode).toBe(404);
    expect((await districtAdmin.request('DELETE', `/api/v1/channel-sets/${other.id}`)).statusCode).toBe(404);
    expect((await districtAdmin.request('GET', '/api/v1/channel-sets')).json().items.map((s: { id: string }) => s.id)).not.toContain(other.id);
    expect((await admin.request('GET', `/api/v1/channel-sets?unitId=${outside}`)).json().items.map((s: { id: string }) => s.id)).toEqual([other.id]);
    expect((await districtAdmin.request('POST', '/api/v1/channel-sets', { unitId: province, name: 'Toàn tỉnh' })).statusCode).toBe(403);

    expect((await admin.request('DELETE', `/api/v1/channel-sets/${other.id}`)).statusCode).toBe(204);
    expect(await t.db.select().from(channelSets).where(eq(channelSets.id, other.id))).toEqual([]);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'channel_set.delete'));
    expect(entry).toMatchObject({ entityId: other.id, data: { name: 'Mường La', channelIds: [zalo.out] } });
  });

  it('says in the list who may change each set, as the change routes answer', async () => {
    const set = (await admin.request('POST', '/api/v1/channel-sets', { unitId: district, name: 'Cụm Mộc Châu', channelIds: [zalo.a] })).json();
    const canOf = async (who: Session) => (await who.request('GET', '/api/v1/channel-sets')).json().items.find((s: { id: string }) => s.id === set.id).can.manage;
    expect(await canOf(districtAdmin)).toMatchObject({ allowed: true });
    expect(await canOf(viewer)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect((await viewer.request('PATCH', `/api/v1/channel-sets/${set.id}`, { name: 'Khác' })).statusCode).toBe(403);
    expect((await districtAdmin.request('PATCH', `/api/v1/channel-sets/${set.id}`, { name: 'Cụm xã Mộc Châu' })).statusCode).toBe(200);
  });
});
