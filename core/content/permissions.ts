import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { allows, grantRoots, type Action, type MembershipGrant } from '../policy.ts';
import { membershipsOf, subtreeUnitIds, unitAncestry } from '../units.ts';
import { approverItemScope, approverTargetScope, selfApproval, writeForbidden } from './errors.ts';

/** The signed-in user behind an action and their roles, loaded once per request. */
export interface Caller {
  userId: string;
  actor: Actor;
  memberships: MembershipGrant[];
}

export async function loadCaller(q: Queryable, actor: Actor): Promise<Caller> {
  if (!actor.userId) throw new AppError('AUTH_REQUIRED', 401, { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' });
  return { userId: actor.userId, actor, memberships: await membershipsOf(q, actor.userId) };
}

export async function mayOnUnit(q: Queryable, caller: Caller, action: Action, unitId: string): Promise<boolean> {
  return allows(caller.memberships, action, await unitAncestry(q, unitId));
}

/** Every unit where the caller may do `action` (the subtrees under their grants). */
export async function unitsAllowed(q: Queryable, caller: Caller, action: Action): Promise<Set<string>> {
  return new Set(await subtreeUnitIds(q, grantRoots(caller.memberships, action)));
}

export async function assertMayWrite(q: Queryable, caller: Caller, unitId: string): Promise<void> {
  if (!(await mayOnUnit(q, caller, 'content.write', unitId))) throw writeForbidden();
}

/**
 * Who may approve or reject: never anyone who wrote into the revision (its contributors,
 * so a colleague's edit does not make the author's text approvable by the author); an approver whose roles cover
 * the item's unit and the unit of every target channel.
 */
export async function assertMayDecide(
  q: Queryable,
  caller: Caller,
  itemUnitId: string,
  contributorIds: readonly string[],
  targets: readonly { unitId: string; channelName: string }[],
): Promise<void> {
  const covered = await approverUnits(q, caller, itemUnitId, contributorIds);
  const outside = targets.find((t) => !covered.has(t.unitId));
  if (outside) throw approverTargetScope(outside.channelName);
}

/**
 * The first half of `assertMayDecide`, for a caller that checks the targets itself (approval
 * asks PostgreSQL for the first target outside them): refuses the author and an approver not
 * covering the item's unit, and returns the units the caller's roles cover.
 */
export async function approverUnits(q: Queryable, caller: Caller, itemUnitId: string, contributorIds: readonly string[]): Promise<Set<string>> {
  if (contributorIds.includes(caller.userId)) throw selfApproval();
  const covered = await unitsAllowed(q, caller, 'content.approve');
  if (!covered.has(itemUnitId)) throw approverItemScope();
  return covered;
}
