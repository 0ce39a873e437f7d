import { zaloConnect } from '../../../connectors/registry.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { codeFlowRoutes } from './code-flow-routes.ts';
import { appKeys } from './grants.ts';

/** The Zalo app's id and secret (developers.zalo.me) a channel needs before the permission page. */
function zaloApp(deps: AppDeps, channel: ChannelRow): { appId: string; appSecret: string } {
  if (channel.platform !== 'zalo_oa') {
    throw invalid('OAUTH_NOT_SUPPORTED', '/channelId', { vi: 'Kênh này không kết nối bằng Zalo OA', en: 'This channel does not connect through Zalo OA' });
  }
  const { appId, appSecret } = appKeys(deps, channel);
  if (!appId || !appSecret) {
    throw invalid('ZALO_APP_MISSING', '/credentials/appId', {
      vi: 'Hãy nhập appId và appSecret của ứng dụng Zalo (developers.zalo.me) vào thông tin xác thực của kênh trước khi kết nối',
      en: 'Enter the Zalo app id and secret (developers.zalo.me) in the channel credentials before connecting',
    });
  }
  return { appId, appSecret };
}

/**
 * Connecting a Zalo OA with OAuth v4 and PKCE S256: Zalo's permission page, then the code
 * (with the verifier) traded for the token pair, stored sealed. Zalo names the OA that granted
 * access (`oa_id`): it must be the channel's OA when the channel names one, and is named
 * in the settings otherwise. Tokens can also be pasted through PUT /api/v1/channels/{id}/credentials.
 */
export const zaloConnectRoutes = codeFlowRoutes({
  path: 'zalo',
  label: 'Zalo',
  start: {
    summary: "Kết nối kênh Zalo OA: chuyển người quản trị OA tới trang cấp quyền của Zalo (PKCE) · Connect a Zalo OA channel: sends the OA admin to Zalo's permission page (PKCE)",
    location: "Location: Zalo's permission page (or the web app page explaining why not)",
  },
  callback: {
    summary: 'Zalo gọi lại sau khi người quản trị OA cấp quyền: lưu mã truy cập (mã hoá), rồi kết nối kênh · Zalo calls back after the OA admin grants access: stores the access token (sealed), then connects the channel',
    location: 'Location: the web app page with the result',
  },
  keys: zaloApp,
  pkce: () => zaloConnect.createPkcePair(),
  consentUrl: (channel, { appId }, o) => zaloConnect.permissionUrl(channel.settings, { appId, redirectUri: o.redirectUri, state: o.state, codeChallenge: o.codeChallenge! }),
  async exchange(deps, channel, keys, o) {
    const grant = await zaloConnect.exchangeCode({
      settings: channel.settings,
      allowPrivateNetwork: channel.allowPrivateNetwork,
      ...keys,
      code: o.code,
      codeVerifier: o.codeVerifier,
      now: deps.clock.now(),
    });
    const oaId = o.query.oa_id;
    return {
      platform: 'zalo_oa',
      zalo: { credentials: zaloConnect.credentials(keys, grant), expiresAt: grant.expiresAt.toISOString(), oaId: typeof oaId === 'string' && oaId !== '' ? oaId : null },
    };
  },
});
