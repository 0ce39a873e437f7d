import type { Channel } from './api.ts';

/** The platform's consent page that (re)connects a channel, when it connects by one. */
export function reconnectHref(c: Pick<Channel, 'id' | 'platform'>): string | null {
  if (c.platform === 'zalo_oa') return `/api/v1/oauth/zalo/start?channelId=${c.id}`;
  if (c.platform === 'facebook_page') return `/api/v1/oauth/facebook/start?channelId=${c.id}`;
  if (c.platform === 'youtube_channel') return `/api/v1/oauth/youtube/start?channelId=${c.id}`;
  return null;
}
