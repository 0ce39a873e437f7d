import type { Queryable } from '../../db/client.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { allows, grantRoots, type Action, type MembershipGrant } from '../policy.ts';
import { membershipsOf, unitAncestry } from '../units.ts';

const unitWord = { vi: 'đơn vị', en: 'Unit' };

/** The acting user's id; system and CLI actors have none and may not use these services. */
export function actingUserId(actor: Actor): string {
  if (!actor.userId) throw new AppError('AUTH_REQUIRED', 401, { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' });
  return actor.userId;
}

/** Whether the actor's memberships allow `action` on the unit (false for an unknown unit): what a screen may offer. */
export async function isAllowedOnUnit(q: Queryable, actor: Actor, action: Action, unitId: string): Promise<boolean> {
  const ancestry = await unitAncestry(q, unitId);
  return ancestry.length > 0 && allows(await membershipsOf(q, actingUserId(actor)), action, ancestry);
}

/**
 * Throws 404 (field `field`) when the unit does not exist and 403 when the actor's
 * memberships do not allow `action` on it; returns the unit's ancestry.
 */
export async function assertAllowedOnUnit(q: Queryable, actor: Actor, action: Action, unitId: string, field?: string): Promise<string[]> {
  const ancestry = await unitAncestry(q, unitId);
  if (ancestry.length === 0) throw notFound(unitWord, field);
  const grants = await membershipsOf(q, actingUserId(actor));
  if (!allows(grants, action, ancestry)) throw forbidden();
  return ancestry;
}

/** The actor's memberships and the roots of the subtrees where `action` is allowed; 403 if none. */
export async function requireGrantRoots(q: Queryable, actor: Actor, action: Action): Promise<{ grants: MembershipGrant[]; roots: string[] }> {
  const grants = await membershipsOf(q, actingUserId(actor));
  const roots = grantRoots(grants, action);
  if (roots.length === 0) throw forbidden();
  return { grants, roots };
}

/** Postgres unique violation on `constraint`, seen through drizzle's query-error wrapper. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' && e.constraint_name === constraint) return true;
  }
  return false;
}
