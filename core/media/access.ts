import type { Queryable } from '../../db/client.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { grantRoots } from '../policy.ts';
import { membershipsOf, subtreeUnitIds } from '../units.ts';

/** The acting user's id; media always belong to a person who uploaded them. */
export function actingUserId(actor: Actor): string {
  if (!actor.userId) throw forbidden();
  return actor.userId;
}

/** Every unit whose media the actor may read (the subtrees under their content.read roles). */
export async function readableUnitIds(q: Queryable, actor: Actor): Promise<string[]> {
  return subtreeUnitIds(q, grantRoots(await membershipsOf(q, actingUserId(actor)), 'content.read'));
}
