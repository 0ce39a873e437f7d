import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, sessions, users } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('users and memberships over HTTP', () => {
  let t: TestApp;
  let province: string, pc10: string, pv01: string, communeA: string;
  let provinceAdmin: Session, pc10Admin: Session, pc10Editor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh', null, 'province');
    pc10 = await createUnit(t.db, 'Phòng PC10', province);
    pv01 = await createUnit(t.db, 'Phòng PV01', province);
    communeA = await createUnit(t.db, 'Công an xã A', pc10);
    await createUser(t.db, 'admin@tinh.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin@pc10.vn', [{ role: 'admin', unitId: pc10 }]);
    await createUser(t.db, 'editor@pc10.vn', [{ role: 'editor', unitId: pc10 }]);
    await createUser(t.db, 'viewer@pv01.vn', [{ role: 'viewer', unitId: pv01 }]);
    provinceAdmin = await login(t.app, 'admin@tinh.vn');
    pc10Admin = await login(t.app, 'admin@pc10.vn');
    pc10Editor = await login(t.app, 'editor@pc10.vn');
  });
  afterAll(() => t.close());

  const newUser = (over: Record<string, unknown> = {}) => ({
    email: 'Can.Bo@CaXa.vn',
    displayName: 'Nguyễn Văn An'.normalize('NFD'),
    password: 'mat-khau-moi-2026',
    locale: 'vi',
    unitId: communeA,
    role: 'commune_officer',
    ...over,
  });

  it('creates a user with a role in the admin’s subtree; the new user can log in; no hash is ever returned', async () => {
    const res = await pc10Admin.request('POST', '/api/v1/users', newUser());
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ email: 'can.bo@caxa.vn', displayName: 'Nguyễn Văn An'.normalize('NFC'), locale: 'vi', disabled: false });
    expect(user.memberships).toEqual([expect.objectContaining({ unitId: communeA, role: 'commune_officer', unitName: 'Công an xã A' })]);
    expect(res.body).not.toMatch(/scrypt|passwordHash|password/);
    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, 'user.create')));
    expect(row).toMatchObject({ unitId: communeA, data: expect.objectContaining({ role: 'commune_officer' }) });
    expect(JSON.stringify(row!.data)).not.toContain('mat-khau-moi-2026');
    const session = await login(t.app, 'can.bo@caxa.vn', 'mat-khau-moi-2026');
    expect((await session.request('GET', '/api/v1/auth/me')).json().user.email).toBe('can.bo@caxa.vn');
  });

  it('names every field the schema refuses at once, each with its Vietnamese message; `field` and `detail` still name the first', async () => {
    const res = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'khong-phai-email', displayName: '', role: 'sep' }));
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', field: '/email', detail: 'Dữ liệu không hợp lệ ở /email: Email chưa đúng dạng, ví dụ ten@congan.gov.vn' });
    expect(problem.errors).toEqual([
      { field: '/email', code: 'VALIDATION_FORMAT', message: 'Email chưa đúng dạng, ví dụ ten@congan.gov.vn' },
      { field: '/displayName', code: 'VALIDATION_MINLENGTH', message: 'Không được để trống' },
      { field: '/role', code: expect.stringMatching(/^VALIDATION_/), message: expect.any(String) },
    ]);
  });

  it('says a unit picker sent empty was not chosen, and a malformed id is not one', async () => {
    const empty = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'chua.chon@ca.vn', unitId: '' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: '/unitId', code: 'VALIDATION_FORMAT', message: 'Chưa chọn' }]);
    const wrong = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'chua.chon@ca.vn', unitId: 'khong-phai-ma' }));
    expect(wrong.json().errors).toEqual([{ field: '/unitId', code: 'VALIDATION_FORMAT', message: 'Chưa chọn, hoặc mã không hợp lệ' }]);
  });

  it('lists one error per field, at most 50, however many items of a body are wrong', async () => {
    const res = await pc10Admin.request('POST', '/api/v1/users', { ...newUser(), ...Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`thua${i}`, i])) });
    expect(res.statusCode).toBe(400);
    const { errors } = res.json() as { errors: { field: string }[] };
    expect(errors).toHaveLength(50);
    expect(new Set(errors.map((e) => e.field)).size).toBe(50);
    expect(errors[0]).toEqual({ field: '/thua0', code: 'VALIDATION_ADDITIONALPROPERTIES', message: 'Trường không được phép "thua0"' });
  });

  it('refuses bad input with problem+json naming the field, leaving no user behind', async () => {
    const count = async () => (await t.db.select().from(users)).length;
    const before = await count();
    const short = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'short@ca.vn', password: 'ngan-qua' }));
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: '/password' });
    const taken = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'ADMIN@pc10.vn' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'USER_EMAIL_TAKEN', field: '/email' });
    const locale = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'x@ca.vn', locale: 'fr' }));
    expect(locale.statusCode).toBe(400);
    expect(locale.json().field).toBe('/locale');
    expect(await count()).toBe(before);
  });

  it('refuses to create users or grant roles on units outside the admin’s subtree, and refuses non-admins', async () => {
    const outside = await pc10Admin.request('POST', '/api/v1/users', newUser({ email: 'ngoai@ca.vn', unitId: pv01 }));
    expect(outside.statusCode).toBe(403);
    const editor = await pc10Editor.request('POST', '/api/v1/users', newUser({ email: 'ngoai2@ca.vn', unitId: pc10 }));
    expect(editor.statusCode).toBe(403);
    expect((await pc10Editor.request('GET', '/api/v1/users')).statusCode).toBe(403);
    const editorId = (await t.db.select().from(users).where(eq(users.email, 'editor@pc10.vn')))[0]!.id;
    const grantAbove = await pc10Admin.request('POST', `/api/v1/users/${editorId}/memberships`, { unitId: province, role: 'admin' });
    expect(grantAbove.statusCode).toBe(403);
    expect(await t.db.select().from(memberships).where(and(eq(memberships.userId, editorId), eq(memberships.unitId, province)))).toHaveLength(0);
  });

  it('grants and revokes a membership inside the subtree, both audited', async () => {
    const editorId = (await t.db.select().from(users).where(eq(users.email, 'editor@pc10.vn')))[0]!.id;
    const granted = await pc10Admin.request('POST', `/api/v1/users/${editorId}/memberships`, { unitId: communeA, role: 'approver' });
    expect(granted.statusCode).toBe(201);
    const again = await pc10Admin.request('POST', `/api/v1/users/${editorId}/memberships`, { unitId: communeA, role: 'approver' });
    expect(again.statusCode).toBe(409);
    const me = await (await login(t.app, 'editor@pc10.vn')).request('GET', '/api/v1/auth/me');
    expect(me.json().memberships).toContainEqual({ unitId: communeA, role: 'approver' });
    const revoked = await pc10Admin.request('DELETE', `/api/v1/users/${editorId}/memberships/${granted.json().id}`);
    expect(revoked.statusCode).toBe(204);
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.entityId, editorId))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['membership.grant', 'membership.revoke']));
  });

  it('lists users of the admin’s subtree page by page, showing only memberships inside it', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await pc10Admin.request('GET', `/api/v1/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((u: { email: string }) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['admin@pc10.vn', 'can.bo@caxa.vn', 'editor@pc10.vn']);
    const all = await provinceAdmin.request('GET', '/api/v1/users?limit=50');
    expect(all.json().items.map((u: { email: string }) => u.email)).toContain('viewer@pv01.vn');
    expect(all.json().nextCursor).toBeNull();
    const bad = await pc10Admin.request('GET', '/api/v1/users?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CURSOR_INVALID');
  });

  it('disables a user: sessions end at once, login is refused, a sub-unit admin cannot disable a provincial admin', async () => {
    const session = await login(t.app, 'can.bo@caxa.vn', 'mat-khau-moi-2026');
    const id = (await t.db.select().from(users).where(eq(users.email, 'can.bo@caxa.vn')))[0]!.id;
    const res = await pc10Admin.request('POST', `/api/v1/users/${id}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, id))).toHaveLength(0);
    expect((await session.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const relogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'can.bo@caxa.vn', password: 'mat-khau-moi-2026' } });
    expect(relogin.statusCode).toBe(401);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'user.disable')))).toHaveLength(1);

    const provinceAdminId = (await t.db.select().from(users).where(eq(users.email, 'admin@tinh.vn')))[0]!.id;
    const upward = await pc10Admin.request('POST', `/api/v1/users/${provinceAdminId}/disable`);
    expect(upward.statusCode).toBe(403);
    const self = await provinceAdmin.request('POST', `/api/v1/users/${provinceAdminId}/disable`);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('USER_SELF_DISABLE');
  });

  it('keeps the last administrator of the top-level unit', async () => {
    const provinceAdminId = (await t.db.select().from(users).where(eq(users.email, 'admin@tinh.vn')))[0]!.id;
    const [m] = await t.db.select().from(memberships).where(eq(memberships.userId, provinceAdminId));
    const res = await provinceAdmin.request('DELETE', `/api/v1/users/${provinceAdminId}/memberships/${m!.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LAST_ROOT_ADMIN');
  });
});
