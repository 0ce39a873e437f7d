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

/** Sealed with a pending choice until the person picks (core/channels/connect-grant.ts). */
export type Grant = { platform: 'facebook_page'; facebook: FacebookGrant } | { platform: 'youtube_channel'; youtube: YoutubeGrant };

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

/** What core sees of a grant: the options, and the credentials stored for the one chosen. */
export const grantView = (grant: Grant): GrantView => (grant.platform === 'facebook_page' ? facebookView(grant.facebook) : youtubeView(grant.youtube));
