import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, units } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('units over HTTP', () => {
  let t: TestApp;
  let province: string, pc10: string, pv01: string, communeA: string;
  let provinceAdmin: Session, pc10Admin: Session, pv01Admin: Session, pc10Editor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh', null, 'province');
    pc10 = await createUnit(t.db, 'Phòng PC10', province, 'department');
    pv01 = await createUnit(t.db, 'Phòng PV01', province, 'department');
    communeA = await createUnit(t.db, 'Công an xã A', pc10, 'commune');
    await createUser(t.db, 'admin@tinh.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin@pc10.vn', [{ role: 'admin', unitId: pc10 }]);
    await createUser(t.db, 'admin@pv01.vn', [{ role: 'admin', unitId: pv01 }]);
    await createUser(t.db, 'editor@pc10.vn', [{ role: 'editor', unitId: pc10 }]);
    provinceAdmin = await login(t.app, 'admin@tinh.vn');
    pc10Admin = await login(t.app, 'admin@pc10.vn');
    pv01Admin = await login(t.app, 'admin@pv01.vn');
    pc10Editor = await login(t.app, 'editor@pc10.vn');
  });
  afterAll(() => t.close());

  const auditRows = (entityId: string, action: string) =>
    t.db.select().from(auditLog).where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));

  it('lists only the caller’s subtree, in tree order with depths', async () => {
    const res = await pc10Editor.request('GET', '/api/v1/units');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { name: string; depth: number }) => [u.name, u.depth])).toEqual([
      ['Phòng PC10', 1],
      ['Công an xã A', 2],
    ]);
    const all = await provinceAdmin.request('GET', '/api/v1/units');
    expect(all.json().items.map((u: { name: string }) => u.name)).toEqual(['Công an tỉnh', 'Phòng PC10', 'Công an xã A', 'Phòng PV01']);
  });

  it('creates a child unit (NFC name) and audits who created it', async () => {
    const decomposed = 'Công an xã Hoài Nhơn'.normalize('NFD');
    const res = await pc10Admin.request('POST', '/api/v1/units', { parentId: communeA, name: decomposed, kind: 'team', code: 'HN-01' });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({ parentId: communeA, name: 'Công an xã Hoài Nhơn'.normalize('NFC'), kind: 'team', code: 'HN-01' });
    const [row] = await auditRows(unit.id, 'unit.create');
    expect(row).toMatchObject({ actorKind: 'user', unitId: unit.id, data: expect.objectContaining({ parentId: communeA }) });
    const duplicate = await pc10Admin.request('POST', '/api/v1/units', { parentId: communeA, name: 'Khác', code: 'HN-01' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'UNIT_CODE_TAKEN', field: '/code' });
  });

  it('refuses an editor and an admin of a sibling unit with 403, leaving no row', async () => {
    const before = (await t.db.select().from(units)).length;
    const asEditor = await pc10Editor.request('POST', '/api/v1/units', { parentId: pc10, name: 'Tổ mới' });
    expect(asEditor.statusCode).toBe(403);
    const asSibling = await pv01Admin.request('POST', '/api/v1/units', { parentId: pc10, name: 'Tổ mới' });
    expect(asSibling.statusCode).toBe(403);
    expect(asSibling.headers['content-type']).toContain('application/problem+json');
    const rename = await pv01Admin.request('PATCH', `/api/v1/units/${communeA}`, { name: 'Đổi tên' });
    expect(rename.statusCode).toBe(403);
    const move = await pv01Admin.request('POST', `/api/v1/units/${communeA}/move`, { parentId: pv01 });
    expect(move.statusCode).toBe(403);
    expect((await t.db.select().from(units)).length).toBe(before);
    const [a] = await t.db.select().from(units).where(eq(units.id, communeA));
    expect(a).toMatchObject({ name: 'Công an xã A', parentId: pc10 });
  });

  it('renames a unit with old and new names in the audit row', async () => {
    const res = await pc10Admin.request('PATCH', `/api/v1/units/${communeA}`, { name: 'Công an phường A' });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('Công an phường A');
    const [row] = await auditRows(communeA, 'unit.update');
    expect(row!.data).toEqual({ name: { old: 'Công an xã A', new: 'Công an phường A' } });
  });

  it('moves a unit only when the caller manages both the old and the new parent, and audits old/new parent', async () => {
    const commune = await createUnit(t.db, 'Công an xã C', pc10, 'commune');
    const notNewSide = await pc10Admin.request('POST', `/api/v1/units/${commune}/move`, { parentId: pv01 });
    expect(notNewSide.statusCode).toBe(403);
    const res = await provinceAdmin.request('POST', `/api/v1/units/${commune}/move`, { parentId: pv01 });
    expect(res.statusCode).toBe(200);
    expect(res.json().parentId).toBe(pv01);
    const [row] = await auditRows(commune, 'unit.move');
    expect(row!.data).toEqual({ oldParentId: pc10, newParentId: pv01 });
    expect(row!.actorId).not.toBeNull();
    // PC10's admin lost the unit together with its subtree.
    const listed = await pc10Admin.request('GET', '/api/v1/units');
    expect(listed.json().items.map((u: { id: string }) => u.id)).not.toContain(commune);
  });

  it('refuses moving a unit under itself or its own descendant with 422 naming /parentId', async () => {
    const underChild = await provinceAdmin.request('POST', `/api/v1/units/${pc10}/move`, { parentId: communeA });
    expect(underChild.statusCode).toBe(422);
    expect(underChild.json()).toMatchObject({ code: 'UNIT_MOVE_CYCLE', field: '/parentId' });
    const underItself = await provinceAdmin.request('POST', `/api/v1/units/${pc10}/move`, { parentId: pc10 });
    expect(underItself.statusCode).toBe(422);
    const [row] = await t.db.select().from(units).where(eq(units.id, pc10));
    expect(row!.parentId).toBe(province);
    expect(await auditRows(pc10, 'unit.move')).toHaveLength(0);
  });

  it('answers 404 for an unknown parent and 400 for a malformed id', async () => {
    const unknown = await provinceAdmin.request('POST', '/api/v1/units', { parentId: '00000000-0000-4000-8000-000000000000', name: 'X' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().field).toBe('/parentId');
    const malformed = await provinceAdmin.request('POST', '/api/v1/units', { parentId: 'abc', name: 'X' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().field).toBe('/parentId');
  });
});
