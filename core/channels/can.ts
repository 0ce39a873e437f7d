import type { Queryable } from '../../db/client.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { allowed, refusedBy, type Ability } from '../ability.ts';
import { actingUserId } from '../org/access.ts';
import { grantRoots } from '../policy.ts';
import { membershipsOf, subtreeUnitIds } from '../units.ts';
import { credentialsNotUsed, platformHoldsCredentials } from './platform-rules.ts';
import type { ChannelView } from './view.ts';

/** What the caller may do with a channel, as the routes themselves decide it. */
export interface ChannelAbilities {
  /** Rename, change settings, commune and officers (PATCH, PUT officers). */
  manage: Ability;
  pause: Ability;
  resume: Ability;
  /** Replace the credentials or go through the platform's consent page again. */
  reconnect: Ability;
}


/**
 * Units where the caller may `channel.manage` (every unit of those subtrees), read once
 * for a whole list: the same grants and subtree rule `channelFor` applies to one channel.
 */
export async function manageableUnits(q: Queryable, actor: Actor): Promise<ReadonlySet<string>> {
  const grants = await membershipsOf(q, actingUserId(actor));
  return new Set(await subtreeUnitIds(q, grantRoots(grants, 'channel.manage')));
}

/** Whether a channel or channel set of `unitId` may be changed (`channel.manage`, the check of every change route). */
export function manageAbility(unitId: string, manageable: ReadonlySet<string>): Ability {
  return manageable.has(unitId) ? allowed : refusedBy(forbidden());
}

/** The abilities of one channel, given the caller's manageable units. */
export function channelAbilities(channel: Pick<ChannelView, 'unitId' | 'platform'>, manageable: ReadonlySet<string>): ChannelAbilities {
  const manage = manageAbility(channel.unitId, manageable);
  const reconnect = !manage.allowed ? manage : platformHoldsCredentials(channel.platform) ? allowed : refusedBy(credentialsNotUsed());
  return { manage, pause: manage, resume: manage, reconnect };
}
