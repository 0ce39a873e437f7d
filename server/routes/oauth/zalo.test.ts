import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZaloSimulator, type ZaloSimulator } from '../../../connectors/zalo/simulator.ts';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { auditLog, channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('Zalo OA connect flow over HTTP (OAuth v4, PKCE), against the Zalo simulator', () => {
  let t: TestApp;
  let sim: ZaloSimulator;
  let unitId: string;
  let admin: Session;
  let editor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    unitId = await createUnit(t.db, 'Công an tỉnh Sơn La');
    await createUser(t.db, 'quantri@ca.sonla.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'bientap@ca.sonla.vn', [{ role: 'editor', unitId }]);
    admin = await login(t.app, 'quantri@ca.sonla.vn');
    editor = await login(t.app, 'bientap@ca.sonla.vn');
  });
  afterEach(async () => {
    await sim?.close();
  });
  afterAll(() => t.close());

  /** A zalo_oa channel holding only the Zalo app's id and secret, as an admin creates it before connecting. */
  async function newChannel(settings: Record<string, unknown> = {}): Promise<string> {
    sim = await startZaloSimulator();
    const res = await admin.request('POST', '/api/v1/channels', {
      unitId,
      platform: 'zalo_oa',
      name: 'Zalo OA Con đường hướng thiện',
      settings: { oauthBaseUrl: sim.baseUrl, openApiBaseUrl: sim.baseUrl, ...settings },
      credentials: { appId: sim.state.appId, appSecret: sim.state.appSecret },
      allowPrivateNetwork: true,
    });
    expect(res.statusCode).toBe(201);
    // Not connected before the OAuth flow: it could not publish (#11 finding 15).
    expect(res.json().status).toBe('needs_reconnect');
    return res.json().id as string;
  }

  /** GET start as `who`; returns the permission URL and the state cookie. */
  async function start(who: Session, channelId: string) {
    const res = await who.request('GET', `/api/v1/oauth/zalo/start?channelId=${channelId}`);
    const cookie = res.cookies.find((c) => c.name === 'loa_oauth_zalo');
    return { res, location: res.headers.location ? new URL(String(res.headers.location)) : null, cookie };
  }

  /** The OA admin approves on Zalo's page: Zalo redirects back to Loa with a code. */
  async function approveOnZalo(permissionUrl: URL): Promise<URL> {
    const res = await fetch(permissionUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  async function stored(channelId: string) {
    const [row] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    return { row: row!, credentials: openCredentials(t.deps.secrets, row!.credentialsSealed)! };
  }

  it('start redirects to Zalo with an S256 code challenge and a state; the callback stores the token pair sealed and ends on the web app', async () => {
    const channelId = await newChannel({ oaId: '2813091073440910336' });
    await t.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, channelId));
    const { res, location, cookie } = await start(admin, channelId);
    expect(res.statusCode).toBe(302);
    expect(`${location!.origin}${location!.pathname}`).toBe(`${sim.baseUrl}/v4/oa/permission`);
    expect(location!.searchParams.get('app_id')).toBe(sim.state.appId);
    expect(location!.searchParams.get('redirect_uri')).toBe('http://localhost:3000/api/v1/oauth/zalo/callback');
    expect(location!.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = location!.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/oauth/zalo' });
    expect(cookie!.value).not.toContain(state);

    const back = await approveOnZalo(location!);
    expect(back.searchParams.get('state')).toBe(state);
    const done = await admin.request('GET', `${back.pathname}${back.search}`, undefined, { cookie: `${admin.cookie}; loa_oauth_zalo=${cookie!.value}` });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe(`/app/kenh/ket-noi?kenh=${channelId}`);
    expect(done.cookies.find((c) => c.name === 'loa_oauth_zalo')?.value).toBe('');

    const { row, credentials } = await stored(channelId);
    // The simulator issued this pair only after checking sha256(code_verifier) against the challenge.
    expect(sim.state.tokenRequests).toEqual([expect.objectContaining({ grantType: 'authorization_code', error: 0 })]);
    expect(sim.state.accessTokens.has(credentials.accessToken!)).toBe(true);
    expect(sim.state.refreshTokens.get(credentials.refreshToken!)?.used).toBe(false);
    expect(credentials).toMatchObject({ appId: sim.state.appId, appSecret: sim.state.appSecret });
    expect(row.credentialsSealed).not.toContain(credentials.accessToken);
    expect(row.status).toBe('connected');
    expect(Math.abs(row.credentialsExpiresAt!.getTime() - (Date.now() + 90_000_000))).toBeLessThan(60_000);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, channelId), eq(auditLog.action, 'channel.credentials.replace')));
    expect(JSON.stringify(audit!.data)).not.toContain(credentials.accessToken);
    const view = await admin.request('GET', `/api/v1/channels/${channelId}`);
    expect(view.json()).toMatchObject({ hasCredentials: true, status: 'connected' });
    expect(view.body).not.toContain(credentials.accessToken);
    expect(t.logs.join('')).not.toContain(credentials.accessToken);
  });

  it('a callback with another state is refused with 403 and stores nothing; so is one without the state cookie', async () => {
    const channelId = await newChannel();
    const { location, cookie } = await start(admin, channelId);
    const back = await approveOnZalo(location!);
    back.searchParams.set('state', 'trang-thai-gia-mao-khong-khop-voi-phien-ket-noi');
    const forged = await admin.request('GET', `${back.pathname}${back.search}`, undefined, { cookie: `${admin.cookie}; loa_oauth_zalo=${cookie!.value}` });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'OAUTH_STATE_INVALID' });

    const real = await approveOnZalo(location!);
    const noCookie = await admin.request('GET', `${real.pathname}${real.search}`);
    expect(noCookie.statusCode).toBe(403);
    expect((await stored(channelId)).credentials.accessToken).toBeUndefined();
    expect(sim.state.tokenRequests).toHaveLength(0);
  });

  it('the state is bound to the session that started: another signed-in user cannot finish the flow', async () => {
    const channelId = await newChannel();
    await createUser(t.db, 'quantri2@ca.sonla.vn', [{ role: 'admin', unitId }]);
    const other = await login(t.app, 'quantri2@ca.sonla.vn');
    const { location, cookie } = await start(admin, channelId);
    const back = await approveOnZalo(location!);
    const res = await other.request('GET', `${back.pathname}${back.search}`, undefined, { cookie: `${other.cookie}; loa_oauth_zalo=${cookie!.value}` });
    expect(res.statusCode).toBe(403);
    expect(sim.state.tokenRequests).toHaveLength(0);
  });

  it('only those who manage the channel may start, and a different OA than the channel\'s is refused', async () => {
    const channelId = await newChannel({ oaId: '999000111222' });
    const denied = await start(editor, channelId);
    expect(denied.res.statusCode).toBe(403);
    expect(denied.cookie).toBeUndefined();

    const { location, cookie } = await start(admin, channelId);
    const back = await approveOnZalo(location!);
    const res = await admin.request('GET', `${back.pathname}${back.search}`, undefined, { cookie: `${admin.cookie}; loa_oauth_zalo=${cookie!.value}` });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ZALO_OA_MISMATCH', field: '/settings/oaId' });
    expect((await stored(channelId)).credentials.accessToken).toBeUndefined();
  });

  it('a channel naming no OA yet is tied to the one Zalo names; a refusal on Zalo brings the browser to the web app saying why', async () => {
    const channelId = await newChannel();
    const refused = await start(admin, channelId);
    refused.location!.searchParams.set('decision', 'deny');
    const back = await approveOnZalo(refused.location!);
    const denied = await admin.request('GET', `${back.pathname}${back.search}`, undefined, { cookie: `${admin.cookie}; loa_oauth_zalo=${refused.cookie!.value}`, accept: 'text/html' });
    expect(denied.statusCode).toBe(302);
    expect(denied.headers.location).toBe('/app/kenh/ket-noi?loi=OAUTH_DENIED');

    const { location, cookie } = await start(admin, channelId);
    const allowed = await approveOnZalo(location!);
    const done = await admin.request('GET', `${allowed.pathname}${allowed.search}`, undefined, { cookie: `${admin.cookie}; loa_oauth_zalo=${cookie!.value}`, accept: 'text/html' });
    expect(done.headers.location).toBe(`/app/kenh/ket-noi?kenh=${channelId}`);
    const { row } = await stored(channelId);
    expect(row).toMatchObject({ status: 'connected', settings: expect.objectContaining({ oaId: sim.state.oaId }) });
  });

  it('pasted tokens go through the channel credentials API, with their expiry', async () => {
    const channelId = await newChannel();
    const pair = sim.mintTokens();
    const res = await admin.request('PUT', `/api/v1/channels/${channelId}/credentials`, {
      credentials: { appId: sim.state.appId, appSecret: sim.state.appSecret, accessToken: pair.accessToken, refreshToken: pair.refreshToken },
      expiresAt: pair.expiresAt.toISOString(),
    });
    expect(res.statusCode).toBe(200);
    const { row, credentials } = await stored(channelId);
    expect(credentials.refreshToken).toBe(pair.refreshToken);
    expect(row.credentialsExpiresAt).toEqual(pair.expiresAt);
  });
});
