import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { forbidden, notFound, type Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { actingUserId } from '../org/access.ts';
import { allows } from '../policy.ts';
import { membershipsOf, unitAncestry } from '../units.ts';
import { channelWord, type ChannelRow } from './view.ts';

export type ChannelAction = 'channel.read' | 'channel.manage';

/**
 * For a channel or set owned by `unitId`: one the actor cannot even read answers 404
 * (its existence is not revealed); readable but not allowed `action` answers 403.
 */
export async function assertOwnerUnitAllows(q: Queryable, actor: Actor, unitId: string, action: ChannelAction, what: Messages): Promise<void> {
  const grants = await membershipsOf(q, actingUserId(actor));
  const ancestry = await unitAncestry(q, unitId);
  if (!allows(grants, 'channel.read', ancestry)) throw notFound(what);
  if (!allows(grants, action, ancestry)) throw forbidden();
}

/** The channel if the actor may do `action` on it; with `lock`, locked for the transaction. */
export async function channelFor(q: Queryable, actor: Actor, channelId: string, action: ChannelAction, options: { lock?: boolean } = {}): Promise<ChannelRow> {
  const query = q.select().from(channels).where(eq(channels.id, channelId));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound(channelWord);
  await assertOwnerUnitAllows(q, actor, row.unitId, action, channelWord);
  return row;
}
