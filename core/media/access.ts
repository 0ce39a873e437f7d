import type { Queryable } from '../../db/client.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { allows, grantRoots, type Action } from '../policy.ts';
import { membershipsOf, subtreeUnitIds, unitAncestry } from '../units.ts';

/** The acting user's id; media always belong to a person who uploaded them. */
export function actingUserId(actor: Actor): string {
  if (!actor.userId) throw forbidden();
  return actor.userId;
}

/** Throws 404 for an unknown unit, 403 when the actor's roles do not cover `action` on it. */
export async function assertAllowedOnUnit(q: Queryable, actor: Actor, action: Action, unitId: string, field?: string): Promise<void> {
  const userId = actingUserId(actor);
  const ancestry = await unitAncestry(q, unitId);
  if (ancestry.length === 0) throw notFound({ vi: 'đơn vị', en: 'Unit' }, field);
  if (!allows(await membershipsOf(q, userId), action, ancestry)) throw forbidden();
}

/** Every unit whose media the actor may read (the subtrees under their content.read roles). */
export async function readableUnitIds(q: Queryable, actor: Actor): Promise<string[]> {
  return subtreeUnitIds(q, grantRoots(await membershipsOf(q, actingUserId(actor)), 'content.read'));
}
