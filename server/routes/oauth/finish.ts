import { ConnectorError } from '../../../connectors/contract.ts';
import { grantForPage, type ManagedPage } from '../../../connectors/registry.ts';
import type { Actor } from '../../../core/actor.ts';
import { openCredentials, replaceCredentials } from '../../../core/channels/credentials.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import { saveChoice, type ChoiceOption, type PendingChoice } from '../../../core/channels/connect-choices.ts';
import { AppError, conflict, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { CONNECT_RESULT_PAGE } from './connect-flow.ts';
import { sessionHash } from './state.ts';

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

export type Grant = { platform: 'facebook_page'; facebook: FacebookGrant } | { platform: 'youtube_channel'; youtube: YoutubeGrant };

/** The app's keys a connect flow needs, entered with the channel before connecting. */
export function appKeys(deps: AppDeps, channel: ChannelRow): Record<string, string> {
  return openCredentials(deps.secrets, channel.credentialsSealed) ?? {};
}

/** The options a person picks from; a Page is offered only when they may post on it. */
export function optionsOf(grant: Grant): ChoiceOption[] {
  if (grant.platform === 'youtube_channel') return grant.youtube.channels;
  return grant.facebook.pages.filter((p) => p.accessToken && p.tasks.includes('CREATE_CONTENT')).map((p) => ({ id: p.id, name: p.name }));
}

export const pendingOf = (grant: Grant): PendingChoice<Grant> => ({ options: optionsOf(grant), grant });

/**
 * Stores the credentials for the chosen Page or channel (sealed, audited), writes its id into
 * the channel's settings, reconnects the channel and releases its held deliveries.
 */
export async function connectChosen(deps: AppDeps, actor: Actor, channel: ChannelRow, grant: Grant, chosenId: string, field: string) {
  if (grant.platform === 'facebook_page') {
    const g = grant.facebook;
    let page;
    try {
      page = grantForPage(g.pages, chosenId, { userAccessToken: g.userAccessToken, userTokenExpiresAt: g.userTokenExpiresAt ? new Date(g.userTokenExpiresAt) : null });
    } catch (err) {
      if (err instanceof ConnectorError) throw conflict(err.code, err.messages, field);
      throw err;
    }
    const saved = await replaceCredentials(deps.db, deps.secrets, actor, channel.id, {
      credentials: { pageAccessToken: page.pageAccessToken, userAccessToken: page.userAccessToken, appSecret: g.appSecret },
      // The Page token itself does not expire; the user token (video sessions) does.
      expiresAt: page.userTokenExpiresAt,
      settings: { pageId: chosenId },
    });
    return { channel: saved.channel, connectedTo: page.pageName };
  }
  const g = grant.youtube;
  const chosen = g.channels.find((c) => c.id === chosenId);
  if (!chosen) {
    throw conflict('YT_CHANNEL_NOT_OWNED', {
      vi: `Tài khoản Google vừa đồng ý không quản lý kênh YouTube ${chosenId} của kênh Loa này; hãy đăng nhập Google bằng tài khoản (hoặc tài khoản thương hiệu) của đúng kênh`,
      en: `The Google account that consented does not hold YouTube channel ${chosenId}; sign in to Google with the right channel's (brand) account`,
    }, field);
  }
  const saved = await replaceCredentials(deps.db, deps.secrets, actor, channel.id, {
    credentials: {
      clientId: g.clientId,
      clientSecret: g.clientSecret,
      refreshToken: g.refreshToken,
      ...(g.accessToken && g.accessTokenExpiresAt ? { accessToken: g.accessToken, accessTokenExpiresAt: g.accessTokenExpiresAt } : {}),
    },
    // A refresh token has no announced end (§2.8: it dies on revocation, disuse, 7-day testing consent).
    expiresAt: null,
    settings: { channelId: chosenId },
  });
  return { channel: saved.channel, connectedTo: chosen.name };
}

/** The id the channel already names (its Page or YouTube channel), which the grant must hold. */
export function presetId(channel: ChannelRow): string | null {
  const key = channel.platform === 'facebook_page' ? 'pageId' : 'channelId';
  const v = channel.settings[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export const noOptions = (grant: Grant) =>
  grant.platform === 'facebook_page'
    ? new AppError('FB_NO_PAGES', 422, {
        vi: 'Tài khoản Facebook vừa đăng nhập không quản lý Trang nào mà Loa được phép đăng bài (cần vai trò có quyền tạo nội dung, và Trang được chọn khi cho phép)',
        en: 'The Facebook account manages no Page Loa may post on (a role that can create content is needed, and the Page must be selected when allowing)',
      }, '/code')
    : invalid('YT_NO_CHANNEL', '/code', {
        vi: 'Tài khoản Google vừa đồng ý chưa có kênh YouTube; hãy tạo kênh hoặc chọn đúng tài khoản thương hiệu trên trang đồng ý',
        en: 'The Google account that consented has no YouTube channel; create one or pick the right brand account on the consent page',
      });

/**
 * Where the person goes once the platform granted access: the channel is connected at once
 * when it already names its Page or channel (which the grant must hold), or when Google shows
 * one channel; otherwise the grant waits, sealed, on the "choose" screen.
 */
export async function afterGrant(deps: AppDeps, o: { actor: Actor; userId: string; sessionToken: string; channel: ChannelRow; grant: Grant }): Promise<string> {
  const options = optionsOf(o.grant);
  const preset = presetId(o.channel);
  const field = o.grant.platform === 'facebook_page' ? '/settings/pageId' : '/settings/channelId';
  if (preset !== null) {
    await connectChosen(deps, o.actor, o.channel, o.grant, preset, field);
    return `${CONNECT_RESULT_PAGE}?kenh=${o.channel.id}`;
  }
  if (options.length === 0) throw noOptions(o.grant);
  if (o.grant.platform === 'youtube_channel' && options.length === 1) {
    await connectChosen(deps, o.actor, o.channel, o.grant, options[0]!.id, field);
    return `${CONNECT_RESULT_PAGE}?kenh=${o.channel.id}`;
  }
  const id = await saveChoice(deps.db, deps.secrets, {
    channelId: o.channel.id,
    userId: o.userId,
    sessionHash: sessionHash(o.sessionToken),
    choice: pendingOf(o.grant),
    now: deps.clock.now(),
  });
  return `${CONNECT_RESULT_PAGE}?chon=${id}`;
}
