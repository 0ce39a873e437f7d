import { facebookConnect } from '../../../connectors/registry.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { codeFlowRoutes } from './code-flow-routes.ts';
import { appKeys } from './grants.ts';

/** The app's id (settings) and secret (credentials) a channel needs before Facebook Login. */
function facebookApp(deps: AppDeps, channel: ChannelRow): { appId: string; appSecret: string } {
  if (channel.platform !== 'facebook_page') {
    throw invalid('CHANNEL_NOT_FACEBOOK', '/channelId', { vi: 'Kênh này không phải Trang Facebook', en: 'This channel is not a Facebook Page' });
  }
  const appId = channel.settings.appId;
  if (typeof appId !== 'string' || appId === '') {
    throw invalid('FB_APP_ID_MISSING', '/settings/appId', {
      vi: 'Hãy nhập appId của ứng dụng Facebook (developers.facebook.com) vào cấu hình kênh trước khi kết nối',
      en: 'Enter the Facebook app id (developers.facebook.com) in the channel settings before connecting',
    });
  }
  const appSecret = appKeys(deps, channel).appSecret;
  if (!appSecret) {
    throw invalid('FB_APP_SECRET_MISSING', '/credentials/appSecret', {
      vi: 'Hãy nhập app secret của ứng dụng Facebook vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the Facebook app secret in the channel credentials before connecting',
    });
  }
  return { appId, appSecret };
}

/**
 * Connecting a Facebook Page with Facebook Login, server-side (no JavaScript SDK): the Login
 * dialog, then the code traded for a user token, the long-lived one and the Pages it manages;
 * the channel's Page is connected — or, when the channel names none yet, the admin chooses it.
 */
export const facebookLoginRoutes = codeFlowRoutes({
  path: 'facebook',
  label: 'Facebook',
  start: {
    summary: "Kết nối Trang Facebook: chuyển quản trị Trang tới hộp thoại Facebook Login (luồng mã uỷ quyền phía máy chủ) · Connect a Facebook Page: sends the Page admin to the Facebook Login dialog (server-side authorization-code flow)",
    location: 'Location: the Facebook Login dialog (or the web app page explaining why not)',
  },
  callback: {
    summary: "Facebook gọi lại sau hộp thoại đăng nhập: đổi mã lấy mã truy cập, rồi kết nối Trang hoặc cho chọn Trang · Facebook calls back after the Login dialog: trades the code for tokens, then connects the Page or offers the choice of Page",
    location: 'Location: the web app page with the result, or the Page choice',
  },
  keys: facebookApp,
  consentUrl: (channel, { appId }, o) => facebookConnect.loginDialogUrl(channel.settings, { appId, ...o }),
  async exchange(_deps, channel, keys, o) {
    const grant = await facebookConnect.exchangeLoginCode({ settings: channel.settings, allowPrivateNetwork: channel.allowPrivateNetwork, ...keys, ...o });
    return {
      platform: 'facebook_page',
      facebook: { appSecret: keys.appSecret, userAccessToken: grant.userAccessToken, userTokenExpiresAt: grant.userTokenExpiresAt?.toISOString() ?? null, pages: grant.pages },
    };
  },
});
