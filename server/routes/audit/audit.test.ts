import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditScope, iterateAudit } from '../../../core/org/audit-log.ts';
import { auditLog } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('audit log over HTTP', () => {
  let t: TestApp;
  let province: string, pc10: string, pv01: string;
  let provinceAdminId: string;
  let provinceAdmin: Session, pc10Admin: Session, editor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh', null, 'province');
    pc10 = await createUnit(t.db, 'Phòng PC10', province);
    pv01 = await createUnit(t.db, 'Phòng PV01', province);
    provinceAdminId = await createUser(t.db, 'admin@tinh.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin@pc10.vn', [{ role: 'admin', unitId: pc10 }]);
    await createUser(t.db, 'editor@pc10.vn', [{ role: 'editor', unitId: pc10 }]);
    provinceAdmin = await login(t.app, 'admin@tinh.vn');
    pc10Admin = await login(t.app, 'admin@pc10.vn');
    editor = await login(t.app, 'editor@pc10.vn');
    await t.db.insert(auditLog).values([
      { at: new Date('2026-03-01T16:30:00Z'), actorId: provinceAdminId, actorKind: 'user', action: 'content.approve', entityType: 'content_item', entityId: 'c-1', unitId: pc10, data: { comment: 'Đồng ý, đăng "ngay"' } },
      { at: new Date('2026-03-02T02:00:00Z'), actorId: provinceAdminId, actorKind: 'user', action: 'content.reject', entityType: 'content_item', entityId: 'c-2', unitId: pv01, data: { comment: 'Thiếu nguồn' } },
      { at: new Date('2026-03-02T03:00:00Z'), actorId: provinceAdminId, actorKind: 'user', action: 'link.create', entityType: 'link', entityId: '=HYPERLINK("http://x")', unitId: pc10, data: {} },
      { at: new Date('2026-03-03T02:00:00Z'), actorId: null, actorKind: 'system', action: 'secrets.rotate', entityType: 'system', data: {} },
    ]);
    // A real change through the API, audited by the route itself.
    await pc10Admin.request('POST', '/api/v1/units', { parentId: pc10, name: 'Công an xã Ân Hảo' });
  });
  afterAll(() => t.close());

  it('lets an admin read and filter the log, newest first, with VN local time', async () => {
    const res = await provinceAdmin.request('GET', '/api/v1/audit?entityType=content_item');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { entityId: string }) => i.entityId)).toEqual(['c-2', 'c-1']);
    const first = res.json().items[1];
    expect(first).toMatchObject({
      at: '2026-03-01T16:30:00.000Z',
      atLocal: '2026-03-01T23:30:00+07:00',
      actor: { id: provinceAdminId, kind: 'user', email: 'admin@tinh.vn' },
      unitId: pc10,
      data: { comment: 'Đồng ý, đăng "ngay"' },
    });
    const byEntity = await provinceAdmin.request('GET', '/api/v1/audit?entityType=content_item&entityId=c-1');
    expect(byEntity.json().items).toHaveLength(1);
    const window = await provinceAdmin.request('GET', `/api/v1/audit?from=${encodeURIComponent('2026-03-02T00:00:00+07:00')}&to=${encodeURIComponent('2026-03-03T00:00:00+07:00')}`);
    expect(window.json().items.map((i: { action: string }) => i.action)).toEqual(['link.create', 'content.reject']);
    const byActor = await provinceAdmin.request('GET', `/api/v1/audit?actor=${provinceAdminId}&action=content.approve`);
    expect(byActor.json().items.map((i: { entityId: string }) => i.entityId)).toEqual(['c-1']);
    const created = await provinceAdmin.request('GET', '/api/v1/audit?action=unit.create');
    expect(created.json().items[0].data).toMatchObject({ name: 'Công an xã Ân Hảo', parentId: pc10 });
  });

  it('pages with limit and cursor without repeating or skipping rows', async () => {
    const all = (await provinceAdmin.request('GET', '/api/v1/audit?limit=200')).json();
    expect(all.nextCursor).toBeNull();
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await provinceAdmin.request('GET', `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page: { items: { id: number }[]; nextCursor: string | null } = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(all.items.map((i: { id: number }) => i.id));
    expect(ids.length).toBeGreaterThan(3);
  });

  it('shows a sub-unit admin only their subtree’s rows, without installation-wide ones', async () => {
    const res = await pc10Admin.request('GET', '/api/v1/audit?limit=200');
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((i: { action: string }) => i.action);
    expect(actions).toContain('content.approve');
    expect(actions).not.toContain('content.reject');
    expect(actions).not.toContain('secrets.rotate');
    const everything = (await provinceAdmin.request('GET', '/api/v1/audit?limit=200')).json().items.map((i: { action: string }) => i.action);
    expect(everything).toEqual(expect.arrayContaining(['content.reject', 'secrets.rotate']));
  });

  it('exports CSV in UTF-8 with a BOM, Vietnamese times with offset, and formula cells neutralised', async () => {
    const res = await provinceAdmin.request('GET', '/api/v1/audit.csv?entityType=content_item');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="nhat-ky-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('ID,Thời gian (Asia/Ho_Chi_Minh),Người thực hiện,Email,Loại tác nhân,Hành động,Loại đối tượng,Mã đối tượng,Đơn vị,Địa chỉ IP,Chi tiết');
    expect(lines).toEqual([expect.any(String), expect.stringMatching(/,c-2,/), expect.stringMatching(/,c-1,/), '']);
    expect(lines[2]).toContain('2026-03-01T23:30:00+07:00');
    expect(lines[2]).toContain('"{""comment"":""Đồng ý, đăng \\""ngay\\""""}"');
    expect(lines[1]).toContain('2026-03-02T09:00:00+07:00');
    const injected = (await provinceAdmin.request('GET', '/api/v1/audit.csv?entityType=link')).body.split('\r\n')[1]!;
    expect(injected).toContain(',link,"\'=HYPERLINK(""http://x"")",');
  });

  it('exports every row when the export has to fetch several batches', async () => {
    const scope = await auditScope(t.db, { kind: 'user', userId: provinceAdminId });
    const batched: number[] = [];
    for await (const item of iterateAudit(t.db, scope, {}, 2)) batched.push(item.id);
    const listed = (await provinceAdmin.request('GET', '/api/v1/audit?limit=200')).json().items.map((i: { id: number }) => i.id);
    expect(batched).toEqual(listed);
    expect(batched.length).toBeGreaterThan(4);
  });

  it('refuses an editor (no admin role) with 403 on both the log and the export', async () => {
    const read = await editor.request('GET', '/api/v1/audit');
    expect(read.statusCode).toBe(403);
    expect(read.headers['content-type']).toContain('application/problem+json');
    const csv = await editor.request('GET', '/api/v1/audit.csv');
    expect(csv.statusCode).toBe(403);
    expect(csv.json().code).toBe('FORBIDDEN');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });
});
