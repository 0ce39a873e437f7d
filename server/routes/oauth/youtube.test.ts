import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYoutubeSimulator, type YoutubeSimulator } from '../../../connectors/youtube/simulator.ts';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, type TestApp } from '../../../test/app.ts';
import { consentBrowser, type ConsentBrowser } from '../../../test/consent-browser.ts';
import { freePort } from '../../../test/e2e/web-harness.ts';

describe("connecting a YouTube channel through Google's authorization-code flow against the YouTube simulator, over real HTTP", () => {
  let t: TestApp;
  let sim: YoutubeSimulator;
  let base: string;
  let unitId: string;
  let admin: ConsentBrowser;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), LOA_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    sim = await startYoutubeSimulator();
    unitId = await createUnit(t.db, 'Công an tỉnh Sơn La');
    await createUser(t.db, 'quantri@ca.sonla.vn', [{ role: 'admin', unitId }]);
    admin = await consentBrowser(base, 'quantri@ca.sonla.vn');
  });
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  /** A YouTube channel holding only the OAuth client (Google Cloud console), as an admin creates it before connecting. */
  async function newChannel(settings: Record<string, unknown> = {}): Promise<string> {
    const res = await admin.post('/api/v1/channels', {
      unitId,
      platform: 'youtube_channel',
      name: 'YouTube Con đường hướng thiện',
      settings: { apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, authUrl: sim.authUrl, ...settings },
      credentials: { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret },
      allowPrivateNetwork: true,
    });
    const body = (await res.json()) as { id: string; status: string };
    expect(res.status).toBe(201);
    expect(body.status).toBe('needs_reconnect');
    return body.id;
  }

  async function stored(channelId: string) {
    const [row] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    return { row: row!, credentials: openCredentials(t.deps.secrets, row!.credentialsSealed)! };
  }

  it('consent with offline access: the refresh token is stored sealed, the channel names its YouTube channel and refreshes with it', async () => {
    const channelId = await newChannel();
    const consent = await admin.open(`/api/v1/oauth/youtube/start?channelId=${channelId}`);
    expect(`${consent.origin}${consent.pathname}`).toBe(sim.authUrl);
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      client_id: sim.oauth.clientId,
      redirect_uri: `${base}/api/v1/oauth/youtube/callback`,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      scope: 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube',
    });
    const back = await admin.decide(consent, 'allow');
    expect(back.searchParams.get('state')).toBe(consent.searchParams.get('state'));
    const done = await admin.get(back);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(`/app/kenh/ket-noi?kenh=${channelId}`);
    expect(admin.cookie('loa_oauth_youtube')).toBeUndefined();

    const { row, credentials } = await stored(channelId);
    expect(row.status).toBe('connected');
    expect(row.settings.channelId).toBe(sim.state.channelId);
    expect(credentials).toMatchObject({ clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, refreshToken: expect.stringMatching(/^1\/\/0e/) });
    expect(row.credentialsSealed).not.toContain(credentials.refreshToken);
    expect(t.logs.join('')).not.toContain(credentials.refreshToken);

    // The stored refresh token works at the token endpoint (what every publish starts with).
    const refreshed = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken!, client_id: sim.oauth.clientId, client_secret: sim.oauth.clientSecret }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('denial, a forged state and a replayed code are each refused with the reason, and store nothing new', async () => {
    const channelId = await newChannel();
    const denied = await admin.get(await admin.decide(await admin.open(`/api/v1/oauth/youtube/start?channelId=${channelId}`), 'deny'));
    expect(denied.status).toBe(422);
    expect(await denied.json()).toMatchObject({ code: 'OAUTH_DENIED', field: '/code', detail: expect.stringContaining('Google (YouTube)') });

    const consent = await admin.open(`/api/v1/oauth/youtube/start?channelId=${channelId}`);
    const flowCookie = admin.cookie('loa_oauth_youtube')!;
    const back = await admin.decide(consent, 'allow');
    const forged = new URL(back);
    forged.searchParams.set('state', 'trang-thai-gia-mao-khong-khop-voi-phien-ket-noi');
    const refused = await admin.get(forged);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'OAUTH_STATE_INVALID' });

    admin.setCookie('loa_oauth_youtube', flowCookie);
    expect((await admin.get(back)).status).toBe(302);
    const first = (await stored(channelId)).credentials.refreshToken;
    admin.setCookie('loa_oauth_youtube', flowCookie);
    const replay = await admin.get(back);
    expect(replay.status).toBe(422);
    expect(await replay.json()).toMatchObject({ code: 'OAUTH_CODE_REFUSED', field: '/code', detail: expect.stringContaining('invalid_grant') });
    expect((await stored(channelId)).credentials.refreshToken).toBe(first);
  });

  it('a channel naming another YouTube channel than the account holds, or an unticked permission, is refused', async () => {
    const channelId = await newChannel({ channelId: 'UCkhongPhaiKenhNay' });
    const res = await admin.get(await admin.decide(await admin.open(`/api/v1/oauth/youtube/start?channelId=${channelId}`), 'allow'));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'YT_CHANNEL_NOT_OWNED', field: '/settings/channelId' });
    expect((await stored(channelId)).row.status).toBe('needs_reconnect');

    const other = await newChannel();
    const consent = await admin.open(`/api/v1/oauth/youtube/start?channelId=${other}`);
    const partial = new URL(consent);
    partial.searchParams.append('granted_scope', 'https://www.googleapis.com/auth/youtube.upload');
    const missing = await admin.get(await admin.decide(partial, 'allow'));
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ code: 'YT_SCOPES_MISSING', field: '/code', detail: expect.stringContaining('thiếu: https://www.googleapis.com/auth/youtube') });
  });
});
