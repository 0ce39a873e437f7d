import { randomBytes } from 'node:crypto';
import { startGraphSimulator, type GraphSimulator } from '../../connectors/facebook/simulator.ts';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import { startZaloSimulator, type ZaloSimulator, type ZaloSimulatorOptions } from '../../connectors/zalo/simulator.ts';
import type { Clock } from '../../lib/clock.ts';

/**
 * The platforms the demo publishes to, each a local simulator on 127.0.0.1 (the ones the
 * connector tests use), so the demo runs offline. Secrets are fresh on every start; the
 * channels are rewired to them (rewire.ts).
 */
export interface WordpressEndpoint {
  baseUrl: string;
  username: string;
  applicationPassword: string;
}

export interface DemoEndpoints {
  /** The Justice department's portal, receiving Standard Webhooks. */
  portal: { url: string; lookupUrl: string; secret: string; base: string };
  /** A former district portal's address: the portal host answers it 404 (a permanent failure). */
  formerDistrictPortalUrl: string;
  newspaper: WordpressEndpoint;
  /** Its channel keeps a revoked password, so publishing there needs a reconnect. */
  radioTv: WordpressEndpoint & { revokedPassword: string };
  /** appId/appSecret and the Login dialog on baseUrl let "Kết nối lại" run the Facebook Login flow offline. */
  graph: { baseUrl: string; pageId: string; pageToken: string; appId: string; appSecret: string };
  /** authUrl: the simulated Google consent page, for reconnecting offline. */
  youtube: { apiBaseUrl: string; tokenUrl: string; authUrl: string; channelId: string; clientId: string; clientSecret: string; refreshToken: string };
  /** One host serves both Zalo's OAuth v4 and the OA Open API. */
  zalo: { baseUrl: string; oaId: string; appId: string; appSecret: string; accessToken: string; refreshToken: string };
}

export interface DemoSimulators {
  endpoints: DemoEndpoints;
  portal: WebhookSimulator;
  newspaper: WordpressSimulator;
  radioTv: WordpressSimulator;
  graph: GraphSimulator;
  youtube: YoutubeSimulator;
  zalo: ZaloSimulator;
  close(): Promise<void>;
}

/** An application password as WordPress shows it: six groups of four. */
function applicationPassword(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const chars = [...randomBytes(24)].map((b) => alphabet[b % alphabet.length]);
  return chars.join('').replace(/(.{4})(?=.)/g, '$1 ');
}

export interface DemoSimulatorOptions {
  /** The platforms' clock (Zalo's token expiry and windows, WordPress scheduling). (Default: the system clock) */
  clock?: Clock;
  /** Zalo-side rules, e.g. `{ sendWindow: null }` to broadcast at any hour. */
  zaloRules?: ZaloSimulatorOptions['rules'];
  /** YouTube's daily allowances, e.g. a project whose quota was raised. */
  youtubeQuota?: { uploadsPerDay: number; unitsPerDay: number };
}

export async function startDemoSimulators(options: DemoSimulatorOptions = {}): Promise<DemoSimulators> {
  const now = options.clock ? () => options.clock!.now() : undefined;
  const started: { close(): Promise<void> }[] = [];
  try {
    const portal = await startWebhookSimulator();
    started.push(portal);
    const newspaperCreds = { username: 'baobinhdinh-loa', applicationPassword: applicationPassword() };
    const newspaper = await startWordpressSimulator({ ...newspaperCreds, now });
    started.push(newspaper);
    const radioTvCreds = { username: 'ptth-loa', applicationPassword: applicationPassword() };
    const radioTv = await startWordpressSimulator({ ...radioTvCreds, now });
    started.push(radioTv);
    const graphAppSecret = randomBytes(16).toString('hex');
    const graph = await startGraphSimulator({ pageName: 'Con đường hướng thiện', appSecret: graphAppSecret });
    started.push(graph);
    const youtube = await startYoutubeSimulator(options.youtubeQuota ?? {});
    started.push(youtube);
    const zalo = await startZaloSimulator({ ...(options.clock ? { clock: options.clock } : {}), ...(options.zaloRules ? { rules: options.zaloRules } : {}) });
    started.push(zalo);
    const zaloTokens = zalo.mintTokens();
    const base = new URL(portal.url).origin;
    return {
      endpoints: {
        portal: { url: portal.url, lookupUrl: portal.lookupUrl, secret: portal.secret, base },
        formerDistrictPortalUrl: `${base}/huyen-tuy-phuoc/nhan-tin`,
        newspaper: { baseUrl: newspaper.baseUrl, ...newspaperCreds },
        radioTv: { baseUrl: radioTv.baseUrl, ...radioTvCreds, revokedPassword: applicationPassword() },
        graph: { baseUrl: graph.baseUrl, pageId: graph.state.pageId, pageToken: graph.tokens.page, appId: graph.state.appId, appSecret: graphAppSecret },
        youtube: { apiBaseUrl: youtube.apiBaseUrl, tokenUrl: youtube.tokenUrl, authUrl: youtube.authUrl, channelId: youtube.state.channelId, ...youtube.oauth },
        zalo: {
          baseUrl: zalo.baseUrl,
          oaId: zalo.state.oaId,
          appId: zalo.state.appId,
          appSecret: zalo.state.appSecret,
          accessToken: zaloTokens.accessToken,
          refreshToken: zaloTokens.refreshToken,
        },
      },
      portal,
      newspaper,
      radioTv,
      graph,
      youtube,
      zalo,
      close: () => closeAll(started),
    };
  } catch (err) {
    await closeAll(started);
    throw err;
  }
}

async function closeAll(list: { close(): Promise<void> }[]): Promise<void> {
  await Promise.allSettled(list.map((s) => s.close()));
}
