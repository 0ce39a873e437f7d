import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../../connectors/facebook/simulator.ts';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { auditLog, channels, oauthChoices } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, type TestApp } from '../../../test/app.ts';
import { consentBrowser, type ConsentBrowser } from '../../../test/consent-browser.ts';
import { freePort } from '../../../test/e2e/web-harness.ts';

const APP_SECRET = 'app-secret-cua-so-tttt';

describe('connecting a Facebook Page through Facebook Login (server-side code flow) against the Graph simulator, over real HTTP', () => {
  let t: TestApp;
  let sim: GraphSimulator;
  let base: string;
  let unitId: string;
  let admin: ConsentBrowser;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), LOA_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    sim = await startGraphSimulator({ appSecret: APP_SECRET });
    // A second Page the admin manages, and one they only moderate (cannot post on).
    sim.state.otherPages.push({ id: '778899001122', name: 'Công an xã Hòa Bình', tasks: ['CREATE_CONTENT', 'MODERATE'] });
    sim.state.otherPages.push({ id: '334455667788', name: 'Trang chỉ kiểm duyệt', tasks: ['MODERATE'] });
    unitId = await createUnit(t.db, 'Công an tỉnh Sơn La');
    await createUser(t.db, 'quantri@ca.sonla.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'bientap@ca.sonla.vn', [{ role: 'editor', unitId }]);
    admin = await consentBrowser(base, 'quantri@ca.sonla.vn');
  });
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  /** A Facebook channel holding only the app's id (settings) and secret (credentials), as an admin creates it before connecting. */
  async function newChannel(settings: Record<string, unknown> = {}): Promise<string> {
    const res = await admin.post('/api/v1/channels', {
      unitId,
      platform: 'facebook_page',
      name: 'Fanpage Con đường hướng thiện',
      settings: { appId: sim.state.appId, graphBaseUrl: sim.baseUrl, dialogBaseUrl: sim.baseUrl, ...settings },
      credentials: { appSecret: APP_SECRET },
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

  it('consent, then choosing the Page: the Page token is stored sealed, the channel names its Page and is connected', async () => {
    const channelId = await newChannel();
    const consent = await admin.open(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    expect(`${consent.origin}${consent.pathname}`).toBe(`${sim.baseUrl}/v24.0/dialog/oauth`);
    expect(consent.searchParams.get('client_id')).toBe(sim.state.appId);
    expect(consent.searchParams.get('redirect_uri')).toBe(`${base}/api/v1/oauth/facebook/callback`);
    expect(consent.searchParams.get('response_type')).toBe('code');
    expect(consent.searchParams.get('scope')!.split(',')).toEqual(expect.arrayContaining(['pages_manage_posts', 'pages_read_engagement', 'pages_show_list']));
    const state = consent.searchParams.get('state')!;
    expect(admin.cookie('loa_oauth_facebook')).not.toContain(state);

    const back = await admin.decide(consent, 'allow');
    expect(back.searchParams.get('state')).toBe(state);
    const done = await admin.get(back);
    expect(done.status).toBe(302);
    const result = new URL(done.headers.get('location')!, base);
    expect(result.pathname).toBe('/app/kenh/ket-noi');
    const choiceId = result.searchParams.get('chon')!;
    expect(admin.cookie('loa_oauth_facebook')).toBeUndefined();

    const choice = await admin.get(`/api/v1/oauth/choices/${choiceId}`);
    const text = await choice.text();
    expect(choice.status).toBe(200);
    // Only Pages the admin may post on are offered; no token reaches the browser.
    expect(JSON.parse(text)).toEqual({
      channelId,
      channelName: 'Fanpage Con đường hướng thiện',
      platform: 'facebook_page',
      options: [
        { id: sim.state.pageId, name: 'Con đường hướng thiện' },
        { id: '778899001122', name: 'Công an xã Hòa Bình' },
      ],
    });
    expect(text).not.toMatch(/EAA/);
    const [pending] = await t.db.select().from(oauthChoices).where(eq(oauthChoices.id, choiceId));
    expect(pending!.sealed).not.toMatch(/EAA/);

    const foreign = await admin.post(`/api/v1/oauth/choices/${choiceId}`, { optionId: '334455667788' });
    expect(foreign.status).toBe(422);
    expect(await foreign.json()).toMatchObject({ code: 'OAUTH_OPTION_UNKNOWN', field: '/optionId', detail: expect.stringContaining('không nằm trong danh sách') });

    const picked = await admin.post(`/api/v1/oauth/choices/${choiceId}`, { optionId: '778899001122' });
    expect(picked.status).toBe(200);
    expect(await picked.json()).toEqual({ channelId, status: 'connected', connectedTo: 'Công an xã Hòa Bình' });
    const { row, credentials } = await stored(channelId);
    expect(row.status).toBe('connected');
    expect(row.settings.pageId).toBe('778899001122');
    expect(sim.state.tokens.get(credentials.pageAccessToken!)).toMatchObject({ type: 'PAGE', pageId: '778899001122', expiresAt: null });
    // The long-lived user token (video sessions) is what expires.
    expect(sim.state.tokens.get(credentials.userAccessToken!)).toMatchObject({ type: 'USER' });
    expect(row.credentialsExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 86_400_000);
    expect(credentials.appSecret).toBe(APP_SECRET);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, channelId), eq(auditLog.action, 'channel.credentials.replace')));
    expect(audit!.data).toMatchObject({ settings: { pageId: '778899001122' }, status: { old: 'needs_reconnect', new: 'connected' } });
    expect(JSON.stringify(audit!.data)).not.toContain(credentials.pageAccessToken);
    expect(t.logs.join('')).not.toContain(credentials.pageAccessToken);

    const again = await admin.post(`/api/v1/oauth/choices/${choiceId}`, { optionId: '778899001122' });
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ code: 'OAUTH_CHOICE_EXPIRED' });
  });

  it('a channel that already names its Page is connected straight from the callback; replaying the code is refused by Facebook', async () => {
    const channelId = await newChannel({ pageId: sim.state.pageId });
    const consent = await admin.open(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    const flowCookie = admin.cookie('loa_oauth_facebook')!;
    const back = await admin.decide(consent, 'allow');
    const done = await admin.get(back);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(`/app/kenh/ket-noi?kenh=${channelId}`);
    const first = await stored(channelId);
    expect(first.row.status).toBe('connected');
    expect(sim.state.tokens.get(first.credentials.pageAccessToken!)).toMatchObject({ type: 'PAGE', pageId: sim.state.pageId });

    admin.setCookie('loa_oauth_facebook', flowCookie);
    const replay = await admin.get(back);
    expect(replay.status).toBe(422);
    expect(await replay.json()).toMatchObject({ code: 'OAUTH_CODE_REFUSED', field: '/code', detail: expect.stringContaining('không chấp nhận mã uỷ quyền') });
    expect((await stored(channelId)).credentials.pageAccessToken).toBe(first.credentials.pageAccessToken);
  });

  it('denying on the consent page connects nothing: 422 with the reason for an API client, the web app page for a browser', async () => {
    const channelId = await newChannel();
    const consent = await admin.open(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    const back = await admin.decide(consent, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    const flowCookie = admin.cookie('loa_oauth_facebook')!;
    const res = await admin.get(back);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'OAUTH_DENIED', field: '/code', detail: expect.stringContaining('không cho phép Loa') });

    admin.setCookie('loa_oauth_facebook', flowCookie);
    const cookie = `loa_session=${admin.cookie('loa_session')}; loa_oauth_facebook=${flowCookie}`;
    const browser = await fetch(back, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml', cookie } });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/app/kenh/ket-noi?loi=OAUTH_DENIED');
    expect((await stored(channelId)).row.status).toBe('needs_reconnect');
  });

  it('a callback whose state does not match the flow cookie is refused before any code exchange', async () => {
    const channelId = await newChannel();
    const consent = await admin.open(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    const back = await admin.decide(consent, 'allow');
    back.searchParams.set('state', 'trang-thai-gia-mao-khong-khop-voi-phien-ket-noi');
    const res = await admin.get(back);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'OAUTH_STATE_INVALID', detail: expect.stringContaining('Phiên kết nối không hợp lệ') });
    expect([...sim.state.loginCodes.values()].at(-1)!.used).toBe(false);
    expect((await stored(channelId)).credentials.pageAccessToken).toBeUndefined();
  });

  it('a Page the Facebook account does not manage is refused with the Page named, and the channel stays disconnected', async () => {
    const channelId = await newChannel({ pageId: '100200300400500' });
    const consent = await admin.open(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    const res = await admin.get(await admin.decide(consent, 'allow'));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'FB_PAGE_NOT_MANAGED', field: '/settings/pageId', detail: expect.stringContaining('không quản lý Trang 100200300400500') });
    const { row, credentials } = await stored(channelId);
    expect(row.status).toBe('needs_reconnect');
    expect(credentials.pageAccessToken).toBeUndefined();
  });

  it('only those who manage the channel may start, and the app secret must be there first', async () => {
    const channelId = await newChannel();
    const editor = await consentBrowser(base, 'bientap@ca.sonla.vn');
    const denied = await editor.get(`/api/v1/oauth/facebook/start?channelId=${channelId}`);
    expect(denied.status).toBe(403);
    expect(editor.cookie('loa_oauth_facebook')).toBeUndefined();

    const bare = await admin.post('/api/v1/channels', { unitId, platform: 'facebook_page', name: 'Trang chưa có khoá', settings: { appId: sim.state.appId }, allowPrivateNetwork: true });
    expect(bare.status).toBe(201);
    const res = await admin.get(`/api/v1/oauth/facebook/start?channelId=${((await bare.json()) as { id: string }).id}`);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'FB_APP_SECRET_MISSING', field: '/credentials/appSecret' });
  });
});
