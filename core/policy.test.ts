import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../db/schema/index.ts';
import { createUnit, createUser } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { moveUnit } from './org/units.ts';
import { actions, allows, type Action } from './policy.ts';
import { membershipsOf, unitAncestry } from './units.ts';

/**
 * The RBAC matrix, written out by hand: which roles may do each action on the unit they
 * hold the role on. A change to core/policy.ts must be mirrored here on purpose.
 */
const expectedRoles: Record<Action, readonly Role[]> = {
  'unit.manage': ['admin'],
  'user.manage': ['admin'],
  'channel.manage': ['admin'],
  'channel.read': ['admin', 'editor', 'approver', 'commune_officer', 'viewer'],
  'content.read': ['admin', 'editor', 'approver', 'commune_officer', 'viewer'],
  'content.write': ['admin', 'editor', 'commune_officer'],
  'content.approve': ['admin', 'approver'],
  'consent.manage': ['admin', 'editor', 'approver'],
  'media.upload': ['admin', 'editor', 'commune_officer'],
  'delivery.manage': ['admin', 'editor', 'approver'],
  'task.confirm': ['admin', 'commune_officer'],
  'report.read': ['admin', 'editor', 'approver', 'commune_officer', 'viewer'],
  'report.write': ['admin', 'approver', 'viewer'],
  'activity.record': ['admin', 'editor', 'commune_officer'],
  'audit.read': ['admin'],
  'system.manage': ['admin'],
  'question.moderate': ['admin', 'editor', 'commune_officer'],
  'question.route': ['admin'],
};

/** Where the target unit sits relative to the unit the role is held on. */
const relations = ['own', 'child', 'grandchild', 'parent', 'sibling'] as const;
type Relation = (typeof relations)[number];
/** A role covers its unit's subtree at any depth, never the units above or beside it. */
const covered: Record<Relation, boolean> = { own: true, child: true, grandchild: true, parent: false, sibling: false };

describe('RBAC policy matrix over a real unit tree', () => {
  let database: TestDatabase;
  // Công an tỉnh → { Phòng PC10 → Công an xã A → Tổ CSKV A1, Phòng PV01 }; members sit on PC10.
  const unit = {} as Record<'province' | 'pc10' | 'pv01' | 'communeA' | 'teamA1', string>;
  const target = {} as Record<Relation, string>;
  const member = {} as Record<Role, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    unit.province = await createUnit(db, 'Công an tỉnh Bình Định', null, 'province');
    unit.pc10 = await createUnit(db, 'Phòng PC10', unit.province, 'department');
    unit.pv01 = await createUnit(db, 'Phòng PV01', unit.province, 'department');
    unit.communeA = await createUnit(db, 'Công an xã A', unit.pc10, 'commune');
    unit.teamA1 = await createUnit(db, 'Tổ CSKV A1', unit.communeA, 'team');
    Object.assign(target, { own: unit.pc10, child: unit.communeA, grandchild: unit.teamA1, parent: unit.province, sibling: unit.pv01 });
    for (const role of roles) member[role] = await createUser(db, `${role}@pc10.vn`, [{ role, unitId: unit.pc10 }]);
  });
  afterAll(() => database.close());

  it('lists every action of core/policy.ts in the matrix', () => {
    expect(Object.keys(expectedRoles).sort()).toEqual([...actions].sort());
  });

  const cases = roles.flatMap((role) =>
    actions.flatMap((action) =>
      relations.map((relation) => ({ role, action, relation, allowed: expectedRoles[action].includes(role) && covered[relation] })),
    ),
  );

  it.each(cases)('$role · $action · $relation unit → allowed=$allowed', async ({ role, action, relation, allowed }) => {
    const grants = await membershipsOf(database.db, member[role]);
    const ancestry = await unitAncestry(database.db, target[relation]);
    expect(allows(grants, action, ancestry)).toBe(allowed);
  });

  it('follows a unit when it moves: the old parent’s roles stop covering it, the new parent’s start', async () => {
    const db = database.db;
    const pv01Admin = await createUser(db, 'admin@pv01.vn', [{ role: 'admin', unitId: unit.pv01 }]);
    const provinceAdmin = await createUser(db, 'admin@tinh.vn', [{ role: 'admin', unitId: unit.province }]);
    const moved = await createUnit(db, 'Công an xã B', unit.pc10, 'commune');
    const editor = await membershipsOf(db, member.editor);
    const pv01 = await membershipsOf(db, pv01Admin);
    expect(allows(editor, 'content.write', await unitAncestry(db, moved))).toBe(true);
    expect(allows(pv01, 'unit.manage', await unitAncestry(db, moved))).toBe(false);

    await moveUnit(db, { kind: 'user', userId: provinceAdmin }, moved, unit.pv01);

    expect(allows(editor, 'content.write', await unitAncestry(db, moved))).toBe(false);
    expect(allows(pv01, 'unit.manage', await unitAncestry(db, moved))).toBe(true);
  });
});
