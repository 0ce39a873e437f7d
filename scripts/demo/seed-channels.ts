import type { Platform } from '../../db/schema/index.ts';
import type { DemoSession } from './api.ts';
import { demoChannels, demoChannelSets, type ChannelKey } from './channel-data.ts';
import type { DemoOrg } from './seed-org.ts';
import type { DemoEndpoints } from './simulators.ts';

export interface DemoChannels {
  channels: Record<ChannelKey, { id: string; platform: Platform }>;
  sets: Record<string, { id: string; members: ChannelKey[] }>;
}

/** Channels pointing at the simulators, and channel sets, created by the administrator through the API. */
export async function seedChannels(admin: DemoSession, org: DemoOrg, endpoints: DemoEndpoints): Promise<DemoChannels> {
  const channels = {} as DemoChannels['channels'];
  for (const c of demoChannels) {
    const credentials = c.credentials?.(endpoints);
    const made = await admin.call('POST', '/api/v1/channels', {
      unitId: org.units[c.unit ?? 'province'],
      platform: c.platform,
      name: c.name,
      settings: c.settings(endpoints),
      ...(credentials ? { credentials } : {}),
      // The simulators listen on 127.0.0.1; real agency intranet portals need the same switch.
      ...(credentials ? { allowPrivateNetwork: true } : {}),
      ...(c.memberCount !== undefined ? { memberCount: c.memberCount } : {}),
    });
    channels[c.key] = { id: made.id as string, platform: c.platform };
  }
  const sets: DemoChannels['sets'] = {};
  for (const s of demoChannelSets) {
    const made = await admin.call('POST', '/api/v1/channel-sets', {
      unitId: org.units[s.unit ?? 'province'],
      name: s.name,
      channelIds: s.channels.map((k) => channels[k].id),
    });
    sets[s.name] = { id: made.id as string, members: s.channels };
  }
  return { channels, sets };
}
