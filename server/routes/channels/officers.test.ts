import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmPush } from '../../../core/manual/confirm.ts';
import { sendDueReminders } from '../../../core/manual/deadlines.ts';
import { auditLog, deliveries, notifications } from '../../../db/schema/index.ts';
import { approveItem, openTasks } from '../../../test/commune-fixtures.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

/** The commune officers who post into a manual Zalo group: named by admins, and the only ones its tasks reach. */
describe('manual group officers', () => {
  let t: TestApp;
  let province: string;
  let commune: string;
  let other: string;
  let admin: Session;
  let editor: Session;
  let group: string;
  const officer: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Bình Định');
    commune = await createUnit(t.db, 'Công an xã Cát Tiến', province);
    other = await createUnit(t.db, 'Công an xã Cát Hải', province);
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: province }]);
    officer.lan = await createUser(t.db, 'lan@ca.vn', [{ role: 'commune_officer', unitId: commune }]);
    officer.hung = await createUser(t.db, 'hung@ca.vn', [{ role: 'commune_officer', unitId: commune }]);
    officer.elsewhere = await createUser(t.db, 'khac@ca.vn', [{ role: 'commune_officer', unitId: other }]);
    admin = await login(t.app, 'admin@ca.vn');
    editor = await login(t.app, 'editor@ca.vn');
    group = (await admin.request('POST', '/api/v1/channels', { unitId: commune, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Chánh Oai', memberCount: 80 })).json().id;
  });
  afterAll(() => t.close());

  it("offers the commune's officers and names them, audited", async () => {
    const read = (await editor.request('GET', `/api/v1/channels/${group}/officers`)).json();
    expect(read.officers).toEqual([]);
    expect(read.candidates.map((c: { id: string }) => c.id).sort()).toEqual([officer.lan, officer.hung].sort());
    const res = await admin.request('PUT', `/api/v1/channels/${group}/officers`, { userIds: [officer.lan] });
    expect(res.statusCode).toBe(200);
    expect(res.json().officers.map((o: { email: string }) => o.email)).toEqual(['lan@ca.vn']);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'channel.officers'));
    expect(entry).toMatchObject({ entityId: group, data: { old: [], new: [officer.lan] } });
  });

  it('refuses an officer of another commune, naming the entry, and a reader', async () => {
    const res = await admin.request('PUT', `/api/v1/channels/${group}/officers`, { userIds: [officer.lan, officer.elsewhere] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CHANNEL_OFFICER_NOT_ELIGIBLE', field: '/userIds/1' });
    expect((await editor.request('PUT', `/api/v1/channels/${group}/officers`, { userIds: [] })).statusCode).toBe(403);
    const site = (await admin.request('POST', '/api/v1/channels', { unitId: province, platform: 'webhook', name: 'Cổng', settings: { url: 'https://hook.example.vn' } })).json().id;
    expect((await admin.request('GET', `/api/v1/channels/${site}/officers`)).json().code).toBe('CHANNEL_OFFICERS_NOT_USED');
  });

  it("tells only the group's named officers about its task", async () => {
    const authorId = (await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'editor@ca.vn') }))!.id;
    const now = new Date();
    const { deliveryIds } = await approveItem(t.db, { unitId: province, authorId, channelIds: [group], publishAt: now, publicUrl: t.deps.config.publicUrl });
    await openTasks(t.db, deliveryIds, now);
    const told = (await t.db.select().from(notifications).where(eq(notifications.kind, 'officer_task'))).map((n) => n.userId);
    expect(told).toEqual([officer.lan]);
  });

  const xa = (session: Session, url = '/xa') => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const deliveryOf = async (channelId: string) => (await t.db.select().from(deliveries).where(eq(deliveries.channelId, channelId)))[0]!.id;

  it("lists the group's task on /xa to its named officer only; another officer of the commune opening it gets a 403 page, the admin still sees it", async () => {
    const task = await deliveryOf(group);
    const lan = await login(t.app, 'lan@ca.vn');
    const hung = await login(t.app, 'hung@ca.vn');
    expect((await xa(lan)).body).toContain(`/xa/nhiem-vu/${task}`);
    expect((await xa(hung)).body).not.toContain(`/xa/nhiem-vu/${task}`);
    const refused = await xa(hung, `/xa/nhiem-vu/${task}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('không có tên trong danh sách cán bộ đăng của nhóm');
    const confirm = confirmPush({ db: t.db, storage: t.deps.storage, maxImagePixels: 1e7 }, { kind: 'user', userId: officer.hung! }, { deliveryId: task, now: new Date() });
    await expect(confirm).rejects.toMatchObject({ status: 403 });
    expect((await xa(lan, `/xa/nhiem-vu/${task}`)).statusCode).toBe(200);
    expect((await xa(admin)).body).toContain(`/xa/nhiem-vu/${task}`);
  });

  it('reminds only the named officers; a group naming none shows and reminds every commune officer of its unit, as before', async () => {
    const open = (await admin.request('POST', '/api/v1/channels', { unitId: commune, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Tân Thắng', memberCount: 40 })).json().id;
    const authorId = (await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'editor@ca.vn') }))!.id;
    const now = new Date();
    const { deliveryIds } = await approveItem(t.db, { unitId: province, authorId, channelIds: [open], publishAt: now, publicUrl: t.deps.config.publicUrl });
    await openTasks(t.db, deliveryIds, now);
    expect((await xa(await login(t.app, 'hung@ca.vn'))).body).toContain(`/xa/nhiem-vu/${deliveryIds[0]}`);
    const sent = await sendDueReminders(t.db, new Date(now.getTime() + 30 * 86_400_000));
    const remindedFor = (name: string) => sent.filter((r) => r.groups.includes(name)).map((r) => r.userId).sort();
    expect(remindedFor('Nhóm Zalo thôn Chánh Oai')).toEqual([officer.lan]);
    expect(remindedFor('Nhóm Zalo thôn Tân Thắng')).toEqual([officer.lan!, officer.hung!].sort());
  });

  it('moves a group to another commune the caller manages; officers who are not officers there are let go, audited', async () => {
    const moving = (await admin.request('POST', '/api/v1/channels', { unitId: commune, platform: 'zalo_group_manual', name: 'Nhóm Zalo thôn Trung Lương', memberCount: 40 })).json().id;
    await createUser(t.db, 'tinh@ca.vn', [{ role: 'commune_officer', unitId: province }]);
    const provinceOfficer = (await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'tinh@ca.vn') }))!.id;
    await admin.request('PUT', `/api/v1/channels/${moving}/officers`, { userIds: [officer.hung, provinceOfficer] });

    const moved = await admin.request('PATCH', `/api/v1/channels/${moving}`, { unitId: other });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().unitId).toBe(other);
    // The province's officer still reaches the new commune; the old commune's does not.
    expect((await admin.request('GET', `/api/v1/channels/${moving}/officers`)).json().officers.map((o: { id: string }) => o.id)).toEqual([provinceOfficer]);
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.entityId, moving)).orderBy(desc(auditLog.id)).limit(2);
    expect(entries.map((e) => e.action)).toEqual(['channel.update', 'channel.officers']);
    expect(entries[0]).toMatchObject({ data: { unitId: { old: commune, new: other } } });
    expect(entries[1]).toMatchObject({ data: { old: [officer.hung, provinceOfficer].sort(), new: [provinceOfficer], reason: 'unit_changed' } });

    const unknown = await admin.request('PATCH', `/api/v1/channels/${moving}`, { unitId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ field: '/unitId' });
    await createUser(t.db, 'quantrixa@ca.vn', [{ role: 'admin', unitId: other }]);
    const communeAdmin = await login(t.app, 'quantrixa@ca.vn');
    expect((await communeAdmin.request('PATCH', `/api/v1/channels/${moving}`, { unitId: commune })).statusCode).toBe(403);
    const hook = (await admin.request('POST', '/api/v1/channels', { unitId: province, platform: 'webhook', name: 'Cổng 2', settings: { url: 'https://hook2.example.vn' } })).json().id;
    expect((await admin.request('PATCH', `/api/v1/channels/${hook}`, { unitId: commune })).json()).toMatchObject({ code: 'CHANNEL_UNIT_FIXED', field: '/unitId' });
  });
});
