import { youtubeConnect } from '../../../connectors/registry.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { codeFlowRoutes } from './code-flow-routes.ts';
import { appKeys } from './grants.ts';

/** The OAuth client (Google Cloud console) a channel needs before the consent page. */
function googleClient(deps: AppDeps, channel: ChannelRow): { clientId: string; clientSecret: string } {
  if (channel.platform !== 'youtube_channel') {
    throw invalid('CHANNEL_NOT_YOUTUBE', '/channelId', { vi: 'Kênh này không phải kênh YouTube', en: 'This channel is not a YouTube channel' });
  }
  const { clientId, clientSecret } = appKeys(deps, channel);
  if (!clientId || !clientSecret) {
    throw invalid('YT_CLIENT_MISSING', '/credentials/clientId', {
      vi: 'Hãy nhập clientId và clientSecret của OAuth client (Google Cloud console) vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the OAuth client id and secret (Google Cloud console) in the channel credentials before connecting',
    });
  }
  return { clientId, clientSecret };
}

/**
 * Connecting a YouTube channel with Google's authorization-code flow (platform-apis.md §2.8):
 * Google's consent page (offline access, consent forced so a refresh token comes back), then
 * the code traded and the account's channels read (channels.list mine=true); the refresh token
 * is stored sealed. Several channels, or none named yet, go through the same choice as Pages.
 */
export const youtubeConnectRoutes = codeFlowRoutes({
  path: 'youtube',
  label: 'Google (YouTube)',
  start: {
    summary: "Kết nối kênh YouTube: chuyển chủ kênh tới trang đồng ý của Google (luồng mã uỷ quyền, truy cập ngoại tuyến) · Connect a YouTube channel: sends its owner to Google's consent page (authorization-code flow, offline access)",
    location: "Location: Google's consent page (or the web app page explaining why not)",
  },
  callback: {
    summary: "Google gọi lại sau trang đồng ý: đổi mã lấy refresh token (mã hoá), rồi kết nối kênh YouTube · Google calls back after the consent page: trades the code for a refresh token (sealed), then connects the YouTube channel",
    location: 'Location: the web app page with the result, or the channel choice',
  },
  keys: googleClient,
  consentUrl: (channel, { clientId }, o) => youtubeConnect.authorizationUrl(channel.settings, { clientId, ...o }),
  async exchange(deps, channel, keys, o) {
    const grant = await youtubeConnect.exchangeGoogleCode({
      settings: channel.settings,
      allowPrivateNetwork: channel.allowPrivateNetwork,
      ...keys,
      ...o,
      log: deps.log.child({ channelId: channel.id, platform: channel.platform }),
      now: deps.clock.now(),
    });
    return {
      platform: 'youtube_channel',
      youtube: {
        ...keys,
        refreshToken: grant.refreshToken,
        accessToken: grant.accessToken,
        accessTokenExpiresAt: grant.accessTokenExpiresAt?.toISOString() ?? null,
        channels: grant.channels.map((c) => ({ id: c.id, name: c.title })),
      },
    };
  },
  ownRefusals: ['YT_SCOPES_MISSING', 'YT_NO_REFRESH_TOKEN'],
});
