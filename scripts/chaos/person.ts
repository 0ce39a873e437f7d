import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { demoChannels } from '../demo/channel-data.ts';
import type { DemoSimulators } from '../demo/simulators.ts';
import { CHAOS_CHANNELS, type ChaosSeed } from './seed.ts';

/**
 * What the administrator does when a channel needs reconnecting (an expired token Loa could
 * not refresh): enters working credentials through the API, which releases the channel's held
 * deliveries. Each reconnect is one thing that went to a person; returns how many were done.
 */
export async function reconnectHeldChannels(db: Db, sims: DemoSimulators, seed: ChaosSeed): Promise<string[]> {
  const ids = CHAOS_CHANNELS.map((k) => seed.channels[k].id);
  const held = await db.select({ id: channels.id }).from(channels).where(and(inArray(channels.id, ids), eq(channels.status, 'needs_reconnect')));
  const done: string[] = [];
  for (const { id } of held) {
    const key = CHAOS_CHANNELS.find((k) => seed.channels[k].id === id)!;
    const fresh = key === 'zaloOa' ? { appId: sims.endpoints.zalo.appId, appSecret: sims.endpoints.zalo.appSecret, ...tokens(sims) } : demoChannels.find((c) => c.key === key)?.credentials?.(sims.endpoints);
    if (!fresh) continue;
    await seed.admin.call('PUT', `/api/v1/channels/${id}/credentials`, { credentials: fresh });
    done.push(key);
  }
  return done;
}

function tokens(sims: DemoSimulators): { accessToken: string; refreshToken: string } {
  const { accessToken, refreshToken } = sims.zalo.mintTokens();
  return { accessToken, refreshToken };
}
