import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshYoutubeAccessToken } from './auth.ts';
import { createYoutubeConnector } from './connector.ts';
import { createMemoryQuotaLedger, nextPacificMidnight, projectBuckets } from './quota.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, deferral, fileMedia, makeCtx, makePost, randomFile, rejection as rejected } from './test-kit.ts';

const { lines, log } = createLogCapture();
const rejection = (p: Promise<unknown>) => rejected(p, log);
let dir: string;
let clip: { path: string; sha: string; size: number };
let sim: YoutubeSimulator;
const secrets = new Set<string>();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-faults-'));
  clip = await randomFile(path.join(dir, 'clip.mp4'), 300 * 1024 + 11);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  // No token or client secret reaches a log line, whatever path printed it.
  const all = lines.join('\n');
  expect(lines.length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThan(3);
  for (const secret of secrets) expect(all).not.toContain(secret);
});
beforeEach(async () => {
  sim = await startYoutubeSimulator();
  secrets.add(sim.oauth.refreshToken).add(sim.oauth.clientSecret);
});
afterEach(async () => {
  for (const token of sim.issuedAccessTokens()) secrets.add(token);
  await sim.close();
});

const video = () => fileMedia(clip.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: clip.size });
const initiations = () => countRequests(sim, 'POST', '/upload/youtube/v3/videos', 'resumable');

describe('YouTube quota', () => {
  it('defers a publish to the next Pacific midnight once the day’s uploads are spent, without calling YouTube', async () => {
    const ledger = createMemoryQuotaLedger();
    const connector = createYoutubeConnector({ quotaLedger: ledger });
    const { ctx } = makeCtx(sim, log, { settings: { quotaUploadsPerDay: 1 } });
    await connector.publish(makePost([video()]), ctx);
    const requests = sim.state.requests.length;

    const now = new Date();
    const waiting = await deferral(connector.publish(makePost([video()]), { ...ctx, progress: {}, now: () => now }));
    expect(waiting.code).toBe('YT_QUOTA_DEFERRED');
    expect(waiting.notBefore).toEqual(nextPacificMidnight(now));
    expect(waiting.reason.vi).toContain('hạn mức YouTube');
    expect(waiting.reason.vi).toContain('1 lượt tải video lên');
    expect(sim.state.requests.length).toBe(requests);
    expect(sim.state.videos).toHaveLength(1);
  });

  it('403 quotaExceeded is rate_limited until the reset, and the ledger stops further calls that day', async () => {
    const ledger = createMemoryQuotaLedger();
    const connector = createYoutubeConnector({ quotaLedger: ledger });
    const limited = await startYoutubeSimulator({ uploadsPerDay: 0 });
    try {
      const { ctx } = makeCtx(limited, log);
      const now = new Date();
      const refused = await rejection(connector.publish(makePost([video()]), { ...ctx, now: () => now }));
      expect(refused).toMatchObject({ kind: 'rate_limited', code: 'YT_QUOTA_EXCEEDED', platformCode: 'quotaExceeded', sideEffectPossible: false });
      expect(refused.retryAt).toEqual(nextPacificMidnight(now));
      const { uploads } = projectBuckets(limited.oauth.clientId, { quotaUploadsPerDay: 100, quotaUnitsPerDay: 10_000 });
      expect(ledger.used(uploads, now)).toBe(100);

      const requests = limited.state.requests.length;
      await deferral(connector.publish(makePost([video()]), { ...ctx, progress: {}, now: () => now }));
      expect(limited.state.requests.length).toBe(requests);
      for (const token of limited.issuedAccessTokens()) secrets.add(token);
    } finally {
      await limited.close();
    }
  });
});

describe('YouTube tokens', () => {
  it('refreshes through the token URL setting, once, and reuses a stored token that has not expired', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log);
    await connector.publish(makePost([video()]), ctx);
    expect(sim.state.tokenRequests).toBe(1);

    const stored = sim.issueAccessToken(3600);
    const { ctx: withToken } = makeCtx(sim, log, {
      credentials: { ...ctx.credentials, accessToken: stored.token, accessTokenExpiresAt: stored.expiresAt.toISOString() },
    });
    await connector.publish(makePost([video()]), withToken);
    expect(sim.state.tokenRequests).toBe(1);
  });

  it('invalid_grant is auth: on publish and from the token-lifecycle refresh', async () => {
    const connector = createYoutubeConnector();
    sim.revokeRefreshToken();
    const { ctx } = makeCtx(sim, log);
    const refused = await rejection(connector.publish(makePost([video()]), ctx));
    expect(refused).toMatchObject({ kind: 'auth', code: 'YT_INVALID_GRANT', sideEffectPossible: false });
    expect(refused.messages.vi).toContain('kết nối lại kênh');
    expect(initiations()).toBe(0);
    expect(await rejection(refreshYoutubeAccessToken(ctx))).toMatchObject({ kind: 'auth', code: 'YT_INVALID_GRANT' });
  });

  it('refreshYoutubeAccessToken returns the credentials to seal, with a working access token and its expiry', async () => {
    const { ctx } = makeCtx(sim, log);
    const before = Date.now();
    const fresh = await refreshYoutubeAccessToken(ctx);
    expect(fresh).toMatchObject({ clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, refreshToken: sim.oauth.refreshToken });
    expect(sim.issuedAccessTokens()).toContain(fresh.accessToken);
    const expires = Date.parse(String(fresh.accessTokenExpiresAt));
    expect(expires).toBeGreaterThanOrEqual(before + 3599_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3599_000);

    const connector = createYoutubeConnector();
    const { ctx: refreshed } = makeCtx(sim, log, { credentials: fresh });
    await connector.publish(makePost([video()]), refreshed);
    expect(sim.state.tokenRequests).toBe(1);
  });

  it('a stored token YouTube no longer accepts is auth after one call: no hidden refresh-and-repeat', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log, {
      credentials: {
        clientId: sim.oauth.clientId,
        clientSecret: sim.oauth.clientSecret,
        refreshToken: sim.oauth.refreshToken,
        accessToken: 'ya29.revoked-elsewhere',
        accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    });
    const refused = await rejection(connector.reconcile!({ deliveryId: 'd', marker: 'loa:d', attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post: makePost([]) }, ctx));
    expect(refused).toMatchObject({ kind: 'auth', code: 'YT_AUTH_ERROR' });
    expect(sim.state.requests.filter((r) => r.route !== '/token')).toHaveLength(1);
    expect(sim.state.tokenRequests).toBe(0);
  });
});

describe('YouTube error table over the real clients', () => {
  it('metadata calls are not retried by googleapis: one 503 is one request and a transient error', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ route: '/youtube/v3/videos', method: 'GET', status: 503 });
    const failed = await rejection(connector.collectMetrics!([{ deliveryId: 'd', externalId: 'abc', url: null, publishedAt: null }], ctx));
    expect(failed).toMatchObject({ kind: 'transient', code: 'YT_BACKEND_ERROR', sideEffectPossible: false });
    expect(countRequests(sim, 'GET', '/youtube/v3/videos')).toBe(1);
  });

  it('bad metadata is permanent with what to fix; rate limits carry their wait', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log);
    const title = await rejection(connector.publish(makePost([video()], { title: 'Tiêu đề '.repeat(20) }), ctx));
    expect(title).toMatchObject({ kind: 'permanent', code: 'YT_INVALID_TITLE', platformCode: 'invalidTitle' });
    expect(title.messages.vi).toContain('100 ký tự');

    const { ctx: badCategory } = makeCtx(sim, log, { settings: { categoryId: '99' } });
    expect(await rejection(connector.publish(makePost([video()]), badCategory))).toMatchObject({ kind: 'permanent', code: 'YT_INVALID_CATEGORY_ID' });

    const now = new Date();
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'POST', status: 403, reason: 'rateLimitExceeded', headers: { 'retry-after': '120' } });
    const rate = await rejection(connector.publish(makePost([video()]), { ...ctx, progress: {}, now: () => now }));
    expect(rate).toMatchObject({ kind: 'rate_limited', code: 'YT_RATE_LIMIT_EXCEEDED' });
    expect(rate.retryAt).toEqual(new Date(now.getTime() + 120_000));

    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'POST', status: 400, reason: 'uploadLimitExceeded' });
    const daily = await rejection(connector.publish(makePost([video()]), { ...ctx, progress: {}, now: () => now }));
    expect(daily).toMatchObject({ kind: 'rate_limited', code: 'YT_UPLOAD_LIMIT_EXCEEDED' });
    expect(daily.retryAt).toEqual(new Date(now.getTime() + 24 * 3600_000));
    expect(sim.state.videos).toHaveLength(0);

    // The cap is the channel's: its next new upload waits for it without opening a session
    // (a call from the project's upload bucket, §2.6); another channel still uploads.
    const opened = sim.state.requests.filter((r) => r.method === 'POST' && r.route === '/upload/youtube/v3/videos').length;
    const held = await deferral(connector.publish(makePost([video()]), { ...ctx, progress: {}, now: () => now }));
    expect(held).toMatchObject({ code: 'YT_UPLOAD_LIMIT_HELD', notBefore: new Date(now.getTime() + 24 * 3600_000) });
    expect(held.reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(sim.state.requests.filter((r) => r.method === 'POST' && r.route === '/upload/youtube/v3/videos')).toHaveLength(opened);
    await connector.publish(makePost([video()]), { ...ctx, channel: { ...ctx.channel, id: 'another-channel' }, progress: {}, now: () => now });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('a 4xx the table does not name is permanent (§2.2 step 6), so a refused opening is not repeated at an upload-bucket call each', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'POST', status: 400, reason: 'badRequest', message: 'Request contains an invalid argument.' });
    const opening = await rejection(connector.publish(makePost([video()]), ctx));
    expect(opening).toMatchObject({ kind: 'permanent', code: 'YT_BAD_REQUEST', platformCode: 'badRequest', sideEffectPossible: false });
    expect(opening.messages.vi).toContain('YouTube từ chối yêu cầu và gửi lại y như cũ sẽ bị từ chối tiếp');
    expect(initiations()).toBe(1);

    // The same for the request carrying the last byte: a 4xx proves no video was made.
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', status: 409, reason: 'conflict' });
    const last = await rejection(connector.publish(makePost([video()]), { ...ctx, progress: {} }));
    expect(last).toMatchObject({ kind: 'permanent', code: 'YT_CONFLICT', sideEffectPossible: false });
    expect(sim.state.videos).toHaveLength(0);
    expect(lines.some((l) => l.includes('unclassified YouTube error') && l.includes('YT_CONFLICT'))).toBe(true);
  });

  it('googleapis traffic goes through Loa’s HTTP client: a private address is refused unless the channel allows it', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log, { allowPrivateNetwork: false });
    const refused = await rejection(connector.collectMetrics!([{ deliveryId: 'd', externalId: 'abc', url: null, publishedAt: null }], ctx));
    expect(refused).toMatchObject({ kind: 'permanent', code: 'NET_PRIVATE_ADDRESS_REFUSED' });
    expect(sim.state.requests).toHaveLength(0);
  });

  it('a channel without credentials or with a bad setting says what to fix before any call', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log, { credentials: { refreshToken: 'x' } });
    expect(await rejection(connector.publish(makePost([video()]), ctx))).toMatchObject({ kind: 'auth', code: 'YT_CREDENTIALS_MISSING' });
    const { ctx: badChunk } = makeCtx(sim, log, { settings: { chunkSizeBytes: 1_000_000 } });
    expect(await rejection(connector.publish(makePost([video()]), badChunk))).toMatchObject({ kind: 'permanent', code: 'YT_SETTINGS_INVALID' });
    expect(sim.state.requests).toHaveLength(0);
  });
});
