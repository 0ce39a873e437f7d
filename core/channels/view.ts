import type { Messages } from '../../lib/errors.ts';
import { channels } from '../../db/schema/index.ts';
import { videoTokenNotice } from './video-token.ts';

export type ChannelRow = typeof channels.$inferSelect;

/** A channel as the API shows it: credentials reduced to whether there are any. */
export interface ChannelView {
  id: string;
  unitId: string;
  platform: ChannelRow['platform'];
  name: string;
  status: ChannelRow['status'];
  settings: Record<string, unknown>;
  hasCredentials: boolean;
  credentialsExpiresAt: Date | null;
  allowPrivateNetwork: boolean;
  paused: boolean;
  pauseReason: string | null;
  /** What stopped the channel, while it is `needs_reconnect`. */
  reconnectReason: Messages | null;
  /** A connection that will soon stop working in part: a Facebook Page's video permission (video-token.ts). */
  credentialsNotice: Messages | null;
  memberCount: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toChannelView(row: ChannelRow, now: Date = new Date()): ChannelView {
  return {
    id: row.id,
    unitId: row.unitId,
    platform: row.platform,
    name: row.name,
    status: row.status,
    settings: row.settings,
    hasCredentials: row.credentialsSealed !== null,
    credentialsExpiresAt: row.credentialsExpiresAt,
    allowPrivateNetwork: row.allowPrivateNetwork,
    paused: row.paused,
    pauseReason: row.pauseReason,
    reconnectReason: row.status === 'needs_reconnect' ? row.reconnectReason : null,
    credentialsNotice: videoTokenNotice(row, now),
    memberCount: row.memberCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface ChannelWithSecret {
  channel: ChannelView;
  /** Set only when Loa generated a webhook secret: the one time it is shown. */
  webhookSecret?: string;
}

export const channelWord = { vi: 'kênh', en: 'Channel' };
