import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels, type ChannelStatus, type Platform } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { requireGrantRoots } from '../org/access.ts';
import { decodeCursor, DEFAULT_LIMIT, toPage, type Page } from '../org/pagination.ts';
import { channelFor } from './access.ts';
import { toChannelView, type ChannelView } from './view.ts';

export interface ChannelFilters {
  platform?: Platform | undefined;
  /** Channels of this unit and every unit below it. */
  unitId?: string | undefined;
  status?: ChannelStatus | undefined;
  paused?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** `units.id` of the subtrees under `roots`, as an SQL subquery (no round trip, no parameter per unit). */
export function subtreeOf(roots: readonly string[]): SQL {
  return sql`(with recursive down(id) as (
      select id from units where id in (${sql.join(roots.map((r) => sql`${r}::uuid`), sql`, `)})
      union
      select u.id from units u join down on u.parent_id = down.id
    ) select id from down)`;
}

/** Channels whose unit lies in a subtree where the actor may `channel.read`, by name. */
export async function listChannels(db: Db, actor: Actor, filters: ChannelFilters): Promise<Page<ChannelView>> {
  const { roots } = await requireGrantRoots(db, actor, 'channel.read');
  const limit = filters.limit ?? DEFAULT_LIMIT;
  const after = filters.cursor ? decodeCursor(filters.cursor, ['string', 'uuid'] as const) : null;
  const rows = await db
    .select()
    .from(channels)
    .where(
      and(
        sql`${channels.unitId} in ${subtreeOf(roots)}`,
        filters.unitId ? sql`${channels.unitId} in ${subtreeOf([filters.unitId])}` : undefined,
        filters.platform ? eq(channels.platform, filters.platform) : undefined,
        filters.status ? eq(channels.status, filters.status) : undefined,
        filters.paused === undefined ? undefined : eq(channels.paused, filters.paused),
        after ? or(gt(channels.name, after[0]), and(eq(channels.name, after[0]), gt(channels.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(channels.name), asc(channels.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => toChannelView(r), (r) => [r.name, r.id]);
}

export async function getChannel(db: Db, actor: Actor, channelId: string): Promise<ChannelView> {
  return toChannelView(await channelFor(db, actor, channelId, 'channel.read'));
}
