import { eq } from 'drizzle-orm';
import type { ZaloSimulator } from '../connectors/zalo/simulator.ts';
import { openCredentials } from '../core/channels/credentials.ts';
import type { Db } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import type { SecretBox } from '../lib/secrets.ts';

/** Test fixtures: a Zalo OA channel connected to the simulator (not used by production code). */
export async function createZaloChannel(
  db: Db,
  secrets: SecretBox,
  sim: ZaloSimulator,
  o: { unitId: string; settings?: Record<string, unknown>; expiresAt?: Date | null; name?: string },
): Promise<{ channelId: string; accessToken: string; refreshToken: string }> {
  const pair = sim.mintTokens();
  const credentials = { appId: sim.state.appId, appSecret: sim.state.appSecret, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  const [c] = await db
    .insert(channels)
    .values({
      unitId: o.unitId,
      platform: 'zalo_oa',
      name: o.name ?? 'Zalo OA Công an tỉnh Sơn La',
      settings: {
        oauthBaseUrl: sim.baseUrl,
        openApiBaseUrl: sim.baseUrl,
        // Items in these tests carry no image: the article cover comes by URL.
        defaultCoverUrl: 'https://conduonghuongthien.vn/og/con-duong-huong-thien.png',
        moderationDelayMinutes: 1,
        ...o.settings,
      },
      credentialsSealed: secrets.seal(JSON.stringify(credentials)),
      credentialsExpiresAt: o.expiresAt === undefined ? pair.expiresAt : o.expiresAt,
      allowPrivateNetwork: true,
    })
    .returning({ id: channels.id });
  return { channelId: c!.id, ...pair };
}

/** The channel's row and its credentials, opened. */
export async function zaloChannelState(db: Db, secrets: SecretBox, channelId: string) {
  const [row] = await db.select().from(channels).where(eq(channels.id, channelId));
  return { row: row!, credentials: openCredentials(secrets, row!.credentialsSealed)! };
}
