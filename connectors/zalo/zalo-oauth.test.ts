import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { createZaloConnector } from './connector.ts';
import { createPkcePair, exchangeCode, permissionUrl } from './oauth.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { createLogCapture, makeCtx, manualClock, rejection, vnTime } from './test-kit.ts';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('Zalo OAuth v4: PKCE, code exchange, single-use refresh tokens (against the simulator)', () => {
  const clock = manualClock(vnTime('2026-11-23', '09:00'));
  const { log } = createLogCapture();
  let sim: ZaloSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('a PKCE pair is a 43-character verifier and its base64url SHA-256 challenge', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(createPkcePair().verifier).not.toBe(verifier);
  });

  it('the code is traded only with its verifier, and only once', async () => {
    sim = await startZaloSimulator({ clock });
    const location = { oauthBaseUrl: sim.baseUrl, openApiBaseUrl: sim.baseUrl };
    const pkce = createPkcePair();
    const url = permissionUrl(location, { appId: sim.state.appId, redirectUri: 'https://loa.example/cb', codeChallenge: pkce.challenge, state: 's1' });
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    const code = back.searchParams.get('code')!;
    const request = { http: createHttpClient({ allowPrivateNetwork: true }), location, appId: sim.state.appId, appSecret: sim.state.appSecret, now: clock.now() };

    const wrong = (await rejection(exchangeCode({ ...request, code, codeVerifier: createPkcePair().verifier }))) as ConnectorError;
    expect([wrong.kind, wrong.sideEffectPossible]).toEqual(['auth', false]);

    const pkce2 = createPkcePair();
    const url2 = permissionUrl(location, { appId: sim.state.appId, redirectUri: 'https://loa.example/cb', codeChallenge: pkce2.challenge, state: 's2' });
    const code2 = new URL((await fetch(url2, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const grant = await exchangeCode({ ...request, code: code2, codeVerifier: pkce2.verifier });
    expect(grant.expiresAt).toEqual(new Date(clock.now().getTime() + 90_000 * 1000));
    expect(sim.state.accessTokens.has(grant.accessToken)).toBe(true);
    expect(((await rejection(exchangeCode({ ...request, code: code2, codeVerifier: pkce2.verifier }))) as ConnectorError).kind).toBe('auth');
  });

  it('refreshCredentials returns the new pair with its expiry; the spent refresh token is refused afterwards', async () => {
    sim = await startZaloSimulator({ clock });
    const connector = createZaloConnector();
    const { ctx } = makeCtx(sim, log, { clock });
    const before = ctx.credentials as Record<string, string>;
    const fresh = await connector.refreshCredentials!(ctx);
    expect(fresh).toMatchObject({ appId: before.appId, appSecret: before.appSecret, accessTokenIssuedAt: clock.now().toISOString(), accessTokenExpiresAt: new Date(clock.now().getTime() + 90_000_000).toISOString() });
    expect(fresh.refreshToken).not.toBe(before.refreshToken);

    const again = (await rejection(connector.refreshCredentials!(ctx))) as ConnectorError;
    expect([again.kind, again.code, again.sideEffectPossible]).toEqual(['auth', 'ZALO_OAUTH_-14014', false]);
    // What the channel's people read says what to do; Zalo's number is for an administrator (code, excerpt).
    expect(again.messages.vi).toBe('Zalo từ chối cấp mã truy cập cho kênh; quản trị viên của Zalo OA cần bấm "Kết nối lại" ở trang Kênh đăng');
    expect(again.excerpt).toMatch(/^\(-14014\) /);
    expect(sim.refreshCalls()).toBe(2);
  });

  it('a refusal carried by an HTTP 400 is still a refusal (auth, nothing rotated), not a lost answer', async () => {
    sim = await startZaloSimulator({ clock, oauthRefusalStatus: 400 });
    const connector = createZaloConnector();
    const { ctx } = makeCtx(sim, log, { clock });
    await connector.refreshCredentials!(ctx);
    const again = (await rejection(connector.refreshCredentials!(ctx))) as ConnectorError;
    expect([again.kind, again.code, again.sideEffectPossible]).toEqual(['auth', 'ZALO_OAUTH_-14014', false]);
  });

  it('an answer lost after Zalo rotated the tokens (timeout, reset, server error) is reported as possibly done', async () => {
    sim = await startZaloSimulator({ clock });
    const connector = createZaloConnector({ tokenTimeoutMs: 300 });
    for (const fault of [{ action: 'accept-then-timeout', ms: 1000 }, { action: 'reset-after' }, { action: 'http-500' }] as const) {
      const { ctx } = makeCtx(sim, log, { clock });
      const used = (ctx.credentials as Record<string, string>).refreshToken!;
      sim.failNext({ path: '/v4/oa/access_token', ...fault });
      const lost = (await rejection(connector.refreshCredentials!(ctx))) as ConnectorError;
      expect(lost).toBeInstanceOf(ConnectorError);
      expect(lost.sideEffectPossible).toBe(true);
      expect(sim.state.refreshTokens.get(used)!.used).toBe(true);
    }
  });

  it('a token server answering 503 (down, not processed) rotated nothing: the refresh token still works afterwards', async () => {
    sim = await startZaloSimulator({ clock });
    const connector = createZaloConnector();
    const { ctx } = makeCtx(sim, log, { clock });
    const used = (ctx.credentials as Record<string, string>).refreshToken!;
    sim.failNext({ path: '/v4/oa/access_token', action: 'http-503' });
    const down = (await rejection(connector.refreshCredentials!(ctx))) as ConnectorError;
    expect([down.kind, down.code, down.sideEffectPossible]).toEqual(['transient', 'HTTP_503', false]);
    expect(sim.state.refreshTokens.get(used)!.used).toBe(false);
    expect((await connector.refreshCredentials!(ctx)).refreshToken).not.toBe(used);
  });

  it('a refresh that never left (connection refused) leaves the refresh token usable', async () => {
    sim = await startZaloSimulator({ clock });
    const connector = createZaloConnector();
    const { ctx } = makeCtx(sim, log, { clock, settings: { oauthBaseUrl: `http://127.0.0.1:${await closedPort()}` } });
    const err = (await rejection(connector.refreshCredentials!(ctx))) as ConnectorError;
    expect([err.kind, err.sideEffectPossible]).toEqual(['transient', false]);
    expect(sim.refreshCalls()).toBe(0);
  });
});
