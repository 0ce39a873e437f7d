import type { Platform } from '../../db/schema/index.ts';
import type { CommuneKey, UnitKey } from './org-data.ts';
import type { DemoEndpoints } from './simulators.ts';

/** The demo's channels, each pointing at a local simulator, and the sets grouping them. */

export type ChannelKey = 'site' | 'fanpage' | 'youtube' | 'zaloOa' | 'portal' | 'formerDistrict' | 'newspaper' | 'radioTv' | `zalo.${CommuneKey}`;

export interface DemoChannel {
  key: ChannelKey;
  /** null: the province. */
  unit: UnitKey | null;
  platform: Platform;
  name: string;
  settings(e: DemoEndpoints): Record<string, unknown>;
  /** Sent at creation, and again whenever a later start points the channel at new simulators. */
  credentials?(e: DemoEndpoints): Record<string, string>;
  memberCount?: number;
}

const none = () => ({});

export const demoChannels: DemoChannel[] = [
  { key: 'site', unit: 'pc10', platform: 'site', name: 'Trang Con đường hướng thiện', settings: none },
  {
    key: 'fanpage',
    unit: 'pc10',
    platform: 'facebook_page',
    name: 'Fanpage Con đường hướng thiện',
    settings: (e) => ({ pageId: e.graph.pageId, appId: e.graph.appId, graphBaseUrl: e.graph.baseUrl, dialogBaseUrl: e.graph.baseUrl }),
    credentials: (e) => ({ pageAccessToken: e.graph.pageToken, appSecret: e.graph.appSecret }),
  },
  {
    key: 'youtube',
    unit: 'pc10',
    platform: 'youtube_channel',
    name: 'Kênh YouTube Con đường hướng thiện',
    settings: (e) => ({ channelId: e.youtube.channelId, apiBaseUrl: e.youtube.apiBaseUrl, tokenUrl: e.youtube.tokenUrl, authUrl: e.youtube.authUrl }),
    credentials: (e) => ({ clientId: e.youtube.clientId, clientSecret: e.youtube.clientSecret, refreshToken: e.youtube.refreshToken }),
  },
  {
    key: 'zaloOa',
    unit: 'pc10',
    platform: 'zalo_oa',
    name: 'Zalo OA Công an tỉnh Bình Định',
    settings: (e) => ({ oaId: e.zalo.oaId, oauthBaseUrl: e.zalo.baseUrl, openApiBaseUrl: e.zalo.baseUrl, moderationDelayMinutes: 0 }),
    credentials: (e) => ({ appId: e.zalo.appId, appSecret: e.zalo.appSecret, accessToken: e.zalo.accessToken, refreshToken: e.zalo.refreshToken }),
  },
  {
    key: 'portal',
    unit: 'pc10',
    platform: 'webhook',
    name: 'Cổng TTĐT Sở Tư pháp',
    settings: (e) => ({ url: e.portal.url, lookupUrl: e.portal.lookupUrl }),
    credentials: (e) => ({ secret: e.portal.secret }),
  },
  {
    key: 'formerDistrict',
    unit: 'pc10',
    platform: 'webhook',
    name: 'Cổng TTĐT huyện Tuy Phước (địa chỉ cũ, trước sắp xếp 2025)',
    settings: (e) => ({ url: e.formerDistrictPortalUrl }),
    credentials: (e) => ({ secret: e.portal.secret }),
  },
  {
    key: 'newspaper',
    unit: 'pc10',
    platform: 'wordpress',
    name: 'Báo Bình Định',
    settings: (e) => ({ baseUrl: e.newspaper.baseUrl }),
    credentials: (e) => ({ username: e.newspaper.username, applicationPassword: e.newspaper.applicationPassword }),
  },
  {
    key: 'radioTv',
    unit: 'pc10',
    platform: 'wordpress',
    name: 'Đài Phát thanh – Truyền hình Bình Định',
    settings: (e) => ({ baseUrl: e.radioTv.baseUrl }),
    credentials: (e) => ({ username: e.radioTv.username, applicationPassword: e.radioTv.revokedPassword }),
  },
  ...(
    [
      ['phuocLoc', 'Nhóm Zalo "ANTT thôn Trung Lý" – xã Phước Lộc', 142],
      ['nhonHai', 'Nhóm Zalo "Tổ dân phố Hải Minh" – xã Nhơn Hải', 208],
      ['catTien', 'Nhóm Zalo "Bí thư chi bộ, trưởng thôn" – xã Cát Tiến', 57],
    ] as const
  ).map(
    ([commune, name, memberCount]): DemoChannel => ({
      key: `zalo.${commune}`,
      unit: commune,
      platform: 'zalo_group_manual',
      name,
      settings: none,
      memberCount,
    }),
  ),
];

export interface DemoChannelSet {
  name: string;
  unit: UnitKey | null;
  channels: ChannelKey[];
}

export const demoChannelSets: DemoChannelSet[] = [
  { name: 'Kênh của chiến dịch "Con đường hướng thiện"', unit: 'pc10', channels: ['site', 'fanpage'] },
  { name: 'Cổng TTĐT và báo, đài đối tác', unit: 'pc10', channels: ['portal', 'newspaper'] },
  { name: 'Nhóm Zalo các xã', unit: null, channels: ['zalo.phuocLoc', 'zalo.nhonHai', 'zalo.catTien'] },
];
