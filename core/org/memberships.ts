import { and, count, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, type Role, units, users } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit, isUniqueViolation } from './access.ts';
import { assertManagesUser } from './users.ts';

export interface MembershipRow {
  id: string;
  userId: string;
  unitId: string;
  role: Role;
}

/**
 * Gives `userId` the role `role` on `unitId`. The actor's `user.manage` must cover the unit,
 * so an admin hands out power only inside the subtree they administer.
 */
export async function grantMembership(db: Db, actor: Actor, userId: string, unitId: string, role: Role): Promise<MembershipRow> {
  await assertAllowedOnUnit(db, actor, 'user.manage', unitId, '/unitId');
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
      if (!user) throw notFound({ vi: 'người dùng', en: 'User' });
      // Only to someone already inside what the actor administers: a grant would otherwise
      // pull any user into their lists (and show them that user's e-mail).
      await assertManagesUser(tx, actor, userId);
      const [row] = await tx
        .insert(memberships)
        .values({ userId, unitId, role })
        .returning({ id: memberships.id, userId: memberships.userId, unitId: memberships.unitId, role: memberships.role });
      await audit(tx, actor, { action: 'membership.grant', entityType: 'user', entityId: userId, unitId, data: { membershipId: row!.id, role } });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'memberships_user_unit_role_key')) {
      throw conflict('MEMBERSHIP_EXISTS', { vi: 'Người dùng đã có vai trò này tại đơn vị này', en: 'The user already holds this role on this unit' }, '/role');
    }
    throw error;
  }
}

/**
 * Removes one membership; the actor's `user.manage` must cover its unit. The last admin of
 * a root unit cannot be removed: nobody could administer the tree afterwards.
 */
export async function revokeMembership(db: Db, actor: Actor, userId: string, membershipId: string): Promise<void> {
  const [m] = await db
    .select({ unitId: memberships.unitId, role: memberships.role, parentId: units.parentId })
    .from(memberships)
    .innerJoin(units, eq(units.id, memberships.unitId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)));
  if (!m) throw notFound({ vi: 'vai trò', en: 'Membership' });
  await assertAllowedOnUnit(db, actor, 'user.manage', m.unitId);
  await db.transaction(async (tx) => {
    if (m.role === 'admin' && m.parentId === null) {
      // Lock the root's admin rows so two concurrent revocations cannot both see "another admin left".
      await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.unitId, m.unitId), eq(memberships.role, 'admin'))).for('update');
      const [others] = await tx
        .select({ n: count() })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.unitId, m.unitId), eq(memberships.role, 'admin'), ne(memberships.id, membershipId), eq(users.disabled, false)));
      if ((others?.n ?? 0) === 0) {
        throw conflict('LAST_ROOT_ADMIN', {
          vi: 'Không thể gỡ quản trị viên cuối cùng của đơn vị cấp cao nhất',
          en: 'The last administrator of a top-level unit cannot be removed',
        });
      }
    }
    const deleted = await tx.delete(memberships).where(eq(memberships.id, membershipId)).returning({ id: memberships.id });
    if (deleted.length === 0) throw notFound({ vi: 'vai trò', en: 'Membership' });
    await audit(tx, actor, { action: 'membership.revoke', entityType: 'user', entityId: userId, unitId: m.unitId, data: { membershipId, role: m.role } });
  });
}
