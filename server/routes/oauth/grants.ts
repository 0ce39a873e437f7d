import { ConnectorError } from '../../../connectors/contract.ts';
import { grantForPage, type ManagedPage } from '../../../connectors/registry.ts';
import type { ChoiceOption } from '../../../core/channels/connect-choices.ts';
import type { GrantView } from '../../../core/channels/connect-grant.ts';
import { openCredentials } from '../../../core/channels/credentials.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { AppError, conflict, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';

/** What Facebook granted: the long-lived user token and the Pages it manages. */
export interface FacebookGrant {
  appSecret: string;
  userAccessToken: string;
  userTokenExpiresAt: string | null;
  pages: ManagedPage[];
}

/** What Google granted, and the channels of the account. */
export interface YoutubeGrant {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken: string | null;
  accessTokenExpiresAt: string | null;
  channels: ChoiceOption[];
}

/** What Zalo granted: the token pair for the OA Zalo names (`oa_id` on the callback, where given). */
export interface ZaloGrant {
  credentials: Record<string, string>;
  expiresAt: string;
  oaId: string | null;
}

export type Grant = ChoosableGrant | { platform: 'zalo_oa'; zalo: ZaloGrant };

/** The grants that may wait, sealed, for the person's pick (core/channels/connect-grant.ts); a Zalo grant names its one OA. */
export type ChoosableGrant = { platform: 'facebook_page'; facebook: FacebookGrant } | { platform: 'youtube_channel'; youtube: YoutubeGrant };

/** The app's keys a connect flow needs, entered with the channel before connecting. */
export function appKeys(deps: AppDeps, channel: ChannelRow): Record<string, string> {
  return openCredentials(deps.secrets, channel.credentialsSealed) ?? {};
}

function facebookView(g: FacebookGrant): GrantView {
  return {
    settingsKey: 'pageId',
    // A Page is offered only when the person may post on it.
    options: g.pages.filter((p) => p.accessToken && p.tasks.includes('CREATE_CONTENT')).map((p) => ({ id: p.id, name: p.name })),
    account(id, field) {
      let page;
      try {
        page = grantForPage(g.pages, id, { userAccessToken: g.userAccessToken, userTokenExpiresAt: g.userTokenExpiresAt ? new Date(g.userTokenExpiresAt) : null });
      } catch (err) {
        if (err instanceof ConnectorError) throw conflict(err.code, err.messages, field);
        throw err;
      }
      return {
        name: page.pageName,
        credentials: { pageAccessToken: page.pageAccessToken, userAccessToken: page.userAccessToken, appSecret: g.appSecret },
        // The Page token itself does not expire; the user token (video sessions) does.
        expiresAt: page.userTokenExpiresAt,
      };
    },
    none: () =>
      new AppError('FB_NO_PAGES', 422, {
        vi: 'Tài khoản Facebook vừa đăng nhập không quản lý Trang nào mà Loa được phép đăng bài (cần vai trò có quyền tạo nội dung, và Trang được chọn khi cho phép)',
        en: 'The Facebook account manages no Page Loa may post on (a role that can create content is needed, and the Page must be selected when allowing)',
      }, '/code'),
    takeSingle: false,
  };
}

function youtubeView(g: YoutubeGrant): GrantView {
  return {
    settingsKey: 'channelId',
    options: g.channels,
    account(id, field) {
      const chosen = g.channels.find((c) => c.id === id);
      if (!chosen) {
        throw conflict('YT_CHANNEL_NOT_OWNED', {
          vi: `Tài khoản Google vừa đồng ý không quản lý kênh YouTube ${id} của kênh Loa này; hãy đăng nhập Google bằng tài khoản (hoặc tài khoản thương hiệu) của đúng kênh`,
          en: `The Google account that consented does not hold YouTube channel ${id}; sign in to Google with the right channel's (brand) account`,
        }, field);
      }
      return {
        name: chosen.name,
        credentials: {
          clientId: g.clientId,
          clientSecret: g.clientSecret,
          refreshToken: g.refreshToken,
          ...(g.accessToken && g.accessTokenExpiresAt ? { accessToken: g.accessToken, accessTokenExpiresAt: g.accessTokenExpiresAt } : {}),
        },
        // A refresh token has no announced end (§2.8: it dies on revocation, disuse, 7-day testing consent).
        expiresAt: null,
      };
    },
    none: () =>
      invalid('YT_NO_CHANNEL', '/code', {
        vi: 'Tài khoản Google vừa đồng ý chưa có kênh YouTube; hãy tạo kênh hoặc chọn đúng tài khoản thương hiệu trên trang đồng ý',
        en: 'The Google account that consented has no YouTube channel; create one or pick the right brand account on the consent page',
      }),
    takeSingle: true,
  };
}

function zaloView(g: ZaloGrant): GrantView {
  const name = (id: string) => `Zalo OA ${id}`;
  return {
    settingsKey: 'oaId',
    options: g.oaId ? [{ id: g.oaId, name: name(g.oaId) }] : [],
    account(id, field) {
      if (g.oaId && id !== g.oaId) {
        throw conflict('ZALO_OA_MISMATCH', {
          vi: `Tài khoản vừa cấp quyền là OA ${g.oaId}, không phải OA ${id} của kênh này; hãy đăng nhập Zalo bằng tài khoản quản trị đúng OA`,
          en: `Access was granted for OA ${g.oaId}, not this channel's OA ${id}; sign in to Zalo as an admin of the right OA`,
        }, field);
      }
      return { name: name(id), credentials: g.credentials, expiresAt: new Date(g.expiresAt) };
    },
    none: () =>
      invalid('ZALO_OA_UNKNOWN', '/oa_id', {
        vi: 'Zalo không cho biết OA nào vừa cấp quyền, nên chưa biết kết nối kênh với OA nào; hãy nhập oaId vào cấu hình kênh rồi kết nối lại',
        en: 'Zalo did not say which OA granted access, so the channel cannot be tied to one; enter the oaId in the channel settings and connect again',
      }),
    takeSingle: true,
  };
}

/** What core sees of a grant: the options, and the credentials stored for the one chosen. */
export function grantView(grant: Grant): GrantView {
  if (grant.platform === 'facebook_page') return facebookView(grant.facebook);
  if (grant.platform === 'youtube_channel') return youtubeView(grant.youtube);
  return zaloView(grant.zalo);
}
