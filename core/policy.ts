import type { Role } from '../db/schema/enums.ts';

/**
 * The whole RBAC policy. A role held on a unit allows its actions on that unit and on
 * every unit below it; never above it, never beside it.
 */
export const actions = [
  'unit.manage',
  'user.manage',
  'channel.manage',
  'channel.read',
  'content.read',
  'content.write',
  'content.approve',
  'consent.manage',
  'media.upload',
  'delivery.manage',
  'task.confirm',
  'report.read',
  'report.write',
  'activity.record',
  'audit.read',
  'system.manage',
  /** Read citizens' questions of the unit's subtree, compose answers, close them. */
  'question.moderate',
  /** Choose which unit gets the questions of a theme when the citizen chose none. */
  'question.route',
] as const;
export type Action = (typeof actions)[number];

const grants: Record<Role, readonly Action[]> = {
  admin: actions,
  editor: ['channel.read', 'content.read', 'content.write', 'consent.manage', 'media.upload', 'delivery.manage', 'report.read', 'activity.record', 'question.moderate'],
  approver: ['channel.read', 'content.read', 'content.approve', 'consent.manage', 'delivery.manage', 'report.read', 'report.write'],
  commune_officer: ['channel.read', 'content.read', 'content.write', 'media.upload', 'task.confirm', 'report.read', 'activity.record', 'question.moderate'],
  // The manager: reads everything below, writes and sends the unit's periodic report.
  viewer: ['channel.read', 'content.read', 'report.read', 'report.write'],
};

export interface MembershipGrant {
  unitId: string;
  role: Role;
}

export function roleAllows(role: Role, action: Action): boolean {
  return grants[role].includes(action);
}

/**
 * @param ancestry the target unit followed by its ancestors up to the root
 *                 (from core/units.ts `unitAncestry`).
 */
export function allows(memberships: readonly MembershipGrant[], action: Action, ancestry: readonly string[]): boolean {
  return memberships.some((m) => roleAllows(m.role, action) && ancestry.includes(m.unitId));
}

/** Units on which a user may do `action` (the roots of the subtrees they cover). */
export function grantRoots(memberships: readonly MembershipGrant[], action: Action): string[] {
  return [...new Set(memberships.filter((m) => roleAllows(m.role, action)).map((m) => m.unitId))];
}
