import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { actingUserId } from '../org/access.ts';
import { allows } from '../policy.ts';
import { membershipsOf, unitAncestry } from '../units.ts';

export const HIDDEN_EXCERPT = '[Ẩn: kênh trong mạng nội bộ, chỉ quản trị viên xem được · Hidden: private-network channel, admins only]';

/**
 * An attempt's response excerpt is what the platform answered. From a channel allowed to
 * reach the private network it can be an internal page, so only those who manage the channel
 * (`channel.manage` on its unit) read it; every other reader sees that it was hidden.
 */
export async function attemptsAsSeenBy<A extends { excerpt: string | null }>(q: Queryable, actor: Actor, channelId: string, attempts: A[]): Promise<A[]> {
  const [channel] = await q.select({ unitId: channels.unitId, allowPrivateNetwork: channels.allowPrivateNetwork }).from(channels).where(eq(channels.id, channelId));
  if (!channel?.allowPrivateNetwork || attempts.every((a) => a.excerpt === null)) return attempts;
  const grants = await membershipsOf(q, actingUserId(actor));
  if (allows(grants, 'channel.manage', await unitAncestry(q, channel.unitId))) return attempts;
  return attempts.map((a) => (a.excerpt === null ? a : { ...a, excerpt: HIDDEN_EXCERPT }));
}
