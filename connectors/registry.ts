import type { ZaloErrorClass } from '../lib/config.ts';
import type { Platform } from '../lib/platforms.ts';
import type { Capabilities, Connector, CorrectionMode } from './contract.ts';
import { createFacebookConnector, facebookCapabilities } from './facebook/connector.ts';
import { createSiteConnector, siteCapabilities, type SiteStore } from './site/index.ts';
import { createWebhookConnector, webhookCapabilities } from './webhook/index.ts';
import { createWordpressConnector, wordpressCapabilities } from './wordpress/connector.ts';
import { createYoutubeConnector, youtubeCapabilities } from './youtube/connector.ts';
import type { QuotaLedger } from './youtube/quota.ts';
import { createZaloConnector, zaloCapabilities } from './zalo/connector.ts';
import type { BroadcastLedger } from './zalo/rules.ts';

/** The Zalo OA connect flow (PKCE, code exchange) the server offers; server imports connectors through this file. */
export { zaloConnect } from './zalo/oauth.ts';
/** The Facebook Page connect flow (token exchange, pasted-token check) and the HTTP client it needs. */
export { checkPastedPageToken, exchangeForPageToken } from './facebook/tokens.ts';
export { createHttpClient } from './http.ts';
/** The server-side code flows that connect a Facebook Page (Facebook Login) and a YouTube channel (Google OAuth). */
export { facebookConnect } from './facebook/login.ts';
export { grantForPage, type ManagedPage } from './facebook/tokens.ts';
export { youtubeConnect } from './youtube/connect.ts';

/** What connectors get from the process that runs them (workers, or server for previews). */
export interface ConnectorDeps {
  /** Loa's own database behind the `site` connector (core/site/store.ts). */
  siteStore?: SiteStore;
  /** Public URL of a media file (the campaign site serves published media). */
  mediaUrl?: (mediaId: string) => string | null;
  /** YouTube's daily quota, counted across workers (workers/youtube-quota.ts); without it, in this process's memory. */
  quotaLedger?: QuotaLedger;
  /** Zalo OA broadcasts per channel, counted across workers (workers/zalo-broadcast-ledger.ts). */
  zaloBroadcasts?: BroadcastLedger;
  /** LOA_ZALO_ERROR_OVERRIDES. */
  zaloErrorOverrides?: Readonly<Record<string, ZaloErrorClass>>;
}

type Factory = (deps: ConnectorDeps) => Connector | null;

/**
 * Every platform and its connector, explicitly (no directory scanning). null: not built
 * yet (deliveries fail with a readable reason), or a manual channel with no API.
 */
const factories: Record<Platform, Factory | null> = {
  facebook_page: (deps) => createFacebookConnector(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}),
  youtube_channel: (deps) => createYoutubeConnector(deps.quotaLedger ? { quotaLedger: deps.quotaLedger } : {}),
  zalo_oa: (deps) =>
    createZaloConnector({
      ...(deps.zaloBroadcasts ? { broadcasts: deps.zaloBroadcasts } : {}),
      ...(deps.zaloErrorOverrides ? { errorOverrides: deps.zaloErrorOverrides } : {}),
      ...(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}),
    }),
  // No API by design: the publish task turns its deliveries into commune officers' tasks (core/manual).
  zalo_group_manual: null,
  share_kit: null,
  wordpress: () => createWordpressConnector(),
  webhook: (deps) => createWebhookConnector(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}),
  site: (deps) => (deps.siteStore ? createSiteConnector({ store: deps.siteStore }) : null),
};

export function createConnectorFor(channel: { platform: Platform }, deps: ConnectorDeps): Connector | null {
  return factories[channel.platform]?.(deps) ?? null;
}

export interface ConnectorRegistry {
  /** The connector of a platform, or null when Loa has none for it. */
  for(platform: Platform): Connector | null;
}

/** Connectors are stateless: one per platform, made once and shared by every job. */
export function createConnectorRegistry(deps: ConnectorDeps): ConnectorRegistry {
  const made = new Map<Platform, Connector | null>();
  return {
    for(platform) {
      if (!made.has(platform)) made.set(platform, createConnectorFor({ platform }, deps));
      return made.get(platform) ?? null;
    },
  };
}

/** Manual channels have no API: their officers post the newer revision again by hand. */
const manualCorrections: Pick<Capabilities, 'corrections' | 'correctionNote'> = {
  corrections: 'correction_post',
  correctionNote: {
    vi: 'Cán bộ nhận việc đăng lại bản mới bằng tay; bài cũ vẫn còn',
    en: 'Officers are asked to post the newer revision by hand; the old post stays',
  },
};

const correctionTable: Record<Platform, Pick<Capabilities, 'corrections' | 'correctionNote'>> = {
  facebook_page: facebookCapabilities,
  youtube_channel: youtubeCapabilities,
  zalo_oa: zaloCapabilities,
  zalo_group_manual: manualCorrections,
  share_kit: manualCorrections,
  wordpress: wordpressCapabilities,
  webhook: webhookCapabilities,
  site: siteCapabilities,
};

/**
 * What a newer approved revision does on a platform where the item is already published,
 * from its connector's capabilities: the approval shows it and applies it (core/corrections).
 */
export function correctionsOf(platform: Platform): { mode: CorrectionMode; note: { vi: string; en: string } } {
  const c = correctionTable[platform];
  return { mode: c.corrections, note: c.correctionNote };
}
