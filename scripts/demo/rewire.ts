import type { DemoSession } from './api.ts';
import { demoChannels } from './channel-data.ts';
import type { DemoEndpoints } from './simulators.ts';

/**
 * On a later start the simulators listen on new ports with new secrets: point the demo
 * channels at them through the channels API. Credentials are bound to the origin they were
 * entered for, so a channel whose address changes gets its credentials in the same PATCH.
 * The radio-TV channel is given its simulator's revoked password again, so it still shows
 * "needs reconnect" until someone enters the printed one.
 */
export async function rewireDemoChannels(admin: DemoSession, endpoints: DemoEndpoints): Promise<number> {
  const listed = await admin.call('GET', '/api/v1/channels?limit=200');
  const existing = listed.items as { id: string; platform: string; name: string }[];
  let rewired = 0;
  for (const c of demoChannels) {
    const settings = c.settings(endpoints);
    const found = existing.find((e) => e.platform === c.platform && e.name === c.name);
    if (!found || Object.keys(settings).length === 0) continue;
    const credentials = c.credentials?.(endpoints);
    await admin.call('PATCH', `/api/v1/channels/${found.id}`, { settings, ...(credentials ? { credentials } : {}) });
    rewired++;
  }
  return rewired;
}
