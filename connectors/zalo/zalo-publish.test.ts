import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, Deferral } from '../contract.ts';
import { createZaloConnector } from './connector.ts';
import { startZaloSimulator, type ZaloSimulator, type ZaloSimulatorOptions } from './simulator.ts';
import { createLogCapture, fileImage, makeCtx, makePost, manualClock, memoryLedger, rejection, simCredentials, vnTime } from './test-kit.ts';

describe('Zalo OA connector: article steps, broadcast rules, resume (against the Zalo simulator)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-zalo-'));
  const smallJpeg = path.join(dir, 'anh-bia.jpg');
  const bigPng = path.join(dir, 'anh-lon.png');
  const clock = manualClock(vnTime('2026-11-23', '09:00'));
  let sim: ZaloSimulator;
  const { log, lines } = createLogCapture();

  beforeAll(async () => {
    await sharp({ create: { width: 800, height: 450, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg({ quality: 80 }).toFile(smallJpeg);
    await sharp({ create: { width: 1400, height: 1400, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toFile(bigPng);
  });
  afterEach(async () => {
    await sim?.close();
    clock.set(vnTime('2026-11-23', '09:00'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function setup(o: { moderationDelayMs?: number; rules?: ZaloSimulatorOptions['rules']; settings?: Record<string, unknown> } = {}) {
    sim = await startZaloSimulator({ clock, moderationDelayMs: o.moderationDelayMs ?? 0, rules: o.rules });
    const ledger = memoryLedger();
    const connector = createZaloConnector({ broadcasts: ledger, mediaUrl });
    return { connector, ledger, ...makeCtx(sim, log, { clock, settings: o.settings }) };
  }
  const mediaUrl = (id: string) => `https://conduonghuongthien.vn/media/${id}`;
  const refOf = (post: ReturnType<typeof makePost>, startedAt: Date, progress: Record<string, unknown>) => ({
    deliveryId: post.deliveryId,
    marker: post.marker,
    attemptStartedAt: startedAt,
    attemptEndedAt: startedAt,
    progress: { ...progress },
    post,
  });

  it('gives the cover by URL (§3.6 photo_url), creates and verifies the article, broadcasts it once; each step saved before the next', async () => {
    const { connector, ctx, saved } = await setup();
    const image = fileImage(smallJpeg, 'image/jpeg');
    const post = makePost({ media: [image] });
    const result = await connector.publish(post, ctx);

    const article = sim.state.articles[0]!;
    expect(result).toEqual({ kind: 'published', externalId: article.id, url: null });
    expect(sim.state.uploads).toHaveLength(0);
    expect(article.cover).toEqual({ cover_type: 'photo', photo_url: mediaUrl(image.id), status: 'show' });
    expect(article.title).toBe(post.title);
    expect(article.author).toBe('Công an tỉnh Sơn La');
    expect(JSON.stringify(article.body)).toContain(post.marker);
    expect(sim.state.broadcasts.map((b) => b.articleId)).toEqual([article.id]);
    expect(saved.flatMap((p) => Object.keys(p))).toEqual(['articleCreateStartedAt', 'articleToken', 'articleId', 'articleUrl', 'broadcastReservedAt', 'broadcastMessageId']);
  });

  it('the documented API refuses a cover by photo_id (-201); Loa never sends one, and a retry carrying a cover id saved by an earlier version still publishes by URL', async () => {
    const { connector, ctx } = await setup({ settings: { broadcast: false } });
    const refused = await fetch(`${sim.baseUrl}/v2.0/article/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: String((ctx.credentials as Record<string, string>).accessToken) },
      body: JSON.stringify({ type: 'normal', title: 'Bìa bằng photo_id', author: 'Loa', cover: { cover_type: 'photo', photo_id: 'att-1', status: 'show' }, description: 'x', body: [{ type: 'text', content: 'x' }] }),
    });
    expect(await refused.json()).toMatchObject({ error: -201, message: 'Parameter cover is invalid' });
    const image = fileImage(bigPng, 'image/png');
    const done = await connector.publish(makePost({ media: [image] }), { ...ctx, progress: { coverAttachmentId: 'att-refused-earlier' } });
    expect(done.kind).toBe('published');
    expect(sim.state.articles.map((a) => a.cover)).toEqual([{ cover_type: 'photo', photo_url: mediaUrl(image.id), status: 'show' }]);
  });

  it('without an image the channel\'s defaultCoverUrl is the cover; without either the delivery fails naming the fix', async () => {
    const { connector, ctx } = await setup({ settings: { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/og/bia.png' } });
    await connector.publish(makePost({ media: [] }), ctx);
    expect(sim.state.articles[0]!.cover).toMatchObject({ photo_url: 'https://conduonghuongthien.vn/og/bia.png' });
    const { ctx: bare } = makeCtx(sim, log, { clock, settings: { broadcast: false } });
    expect(await rejection(connector.publish(makePost({ media: [] }), bare))).toMatchObject({ kind: 'permanent', code: 'ZALO_COVER_MISSING' });
  });

  it('moderation: "not yet" from verify defers by the moderation delay keeping the token; the retry verifies without creating again', async () => {
    const { connector, ctx, progress } = await setup({ moderationDelayMs: 4 * 60_000 });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const first = await rejection(connector.publish(post, ctx));
    expect(first).toBeInstanceOf(Deferral);
    expect((first as Deferral).code).toBe('ZALO_MODERATION');
    expect((first as Deferral).notBefore).toEqual(new Date(clock.now().getTime() + 5 * 60_000));
    expect((first as Deferral).reason.vi).toMatch(/kiểm duyệt/);
    expect((first as Deferral).reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(progress.articleToken).toBe(sim.state.articles[0]!.token);

    clock.advance(5 * 60_000);
    const done = await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(done.kind).toBe('published');
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.broadcasts).toHaveLength(1);
    // Verify's "being processed" is -320, a number the table knows.
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('-320'))).toBe(false);
  });

  it('21:00 Vietnam time: the article is made, the broadcast waits for 06:00 with the reason, then goes out once', async () => {
    const { connector, ctx, progress } = await setup();
    clock.set(vnTime('2026-11-23', '21:00'));
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const deferred = await rejection(connector.publish(post, ctx));
    expect(deferred).toBeInstanceOf(Deferral);
    expect((deferred as Deferral).code).toBe('ZALO_SEND_WINDOW');
    expect((deferred as Deferral).notBefore).toEqual(vnTime('2026-11-24', '06:00'));
    expect((deferred as Deferral).reason.vi).toBe('Ngoài khung giờ gửi tin của Zalo OA (06:00–20:00 giờ Việt Nam); Loa sẽ gửi vào 24/11/2026 06:00');
    expect(progress.articleId).toBeTruthy();
    expect(sim.state.broadcasts).toHaveLength(0);

    clock.set(vnTime('2026-11-24', '06:00'));
    await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.broadcasts).toHaveLength(1);
    expect(sim.state.broadcasts[0]!.at).toEqual(vnTime('2026-11-24', '06:00'));
  });

  it('one broadcast a day and the monthly quota: the next waits for tomorrow 06:00, past the quota for next month', async () => {
    const { connector, ctx } = await setup({ settings: { broadcastsPerMonth: 2 } });
    const image = () => [fileImage(smallJpeg, 'image/jpeg')];
    await connector.publish(makePost({ media: image() }), { ...ctx, progress: {} });
    const second = makePost({ media: image() });
    const daily = await rejection(connector.publish(second, { ...ctx, progress: {} }));
    expect((daily as Deferral).code).toBe('ZALO_DAILY_LIMIT');
    expect((daily as Deferral).notBefore).toEqual(vnTime('2026-11-24', '06:00'));

    clock.set(vnTime('2026-11-24', '09:30'));
    await connector.publish(second, { ...ctx, progress: {} });
    clock.set(vnTime('2026-11-25', '10:00'));
    const monthly = await rejection(connector.publish(makePost({ media: image() }), { ...ctx, progress: {}, credentials: simCredentials(sim) }));
    expect((monthly as Deferral).code).toBe('ZALO_MONTHLY_QUOTA');
    expect((monthly as Deferral).notBefore).toEqual(vnTime('2026-12-01', '06:00'));
    expect((monthly as Deferral).reason.vi).toMatch(/đủ 2 tin truyền thông trong tháng/);
    expect(sim.state.broadcasts).toHaveLength(2);
  });

  it('Zalo\'s own "out of quota" (-211) defers to next month and gives the broadcast place back', async () => {
    const { connector, ctx, ledger, progress } = await setup({ rules: { broadcastsPerMonth: 0 } });
    const deferred = await rejection(connector.publish(makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] }), ctx));
    expect((deferred as Deferral).code).toBe('ZALO_-211');
    expect((deferred as Deferral).notBefore).toEqual(vnTime('2026-12-01', '06:00'));
    expect(progress.broadcastReservedAt).toBeNull();
    expect(ledger.sent).toHaveLength(0);
  });

  it('-32 is rate limited until the next minute', async () => {
    const { connector, ctx } = await setup();
    sim.failNext({ path: '/v2.0/article/create', error: -32 });
    const err = (await rejection(connector.publish(makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] }), ctx))) as ConnectorError;
    expect([err.kind, err.code, err.sideEffectPossible]).toEqual(['rate_limited', 'ZALO_-32', false]);
    expect(err.retryAt).toEqual(new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000 + 61_000));
  });

  it('a lost create answer on a busy OA: reconcile reads one page and opens only the article titled as sent, saves its id and resumes; the publish broadcasts it, no second article', async () => {
    const { connector, ctx, progress } = await setup();
    // Other articles of the OA in the window, by other people (the marker is only in bodies, read by getdetail).
    for (let i = 0; i < 25; i++) {
      const at = new Date(clock.now().getTime() - (25 - i) * 1000);
      sim.state.articles.push({ token: `t${i}`, id: `art-other-${i}`, createdAt: at, readyAt: at, title: `Tin khác số ${i}`, description: '', author: 'OA', cover: {}, body: [{ type: 'text', content: `loa:khac-${i}` }], status: 'show', removed: false, accessToken: '' });
    }
    const others = sim.state.articles.length;
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const startedAt = clock.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'reset-after' });
    const lost = (await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    expect(sim.state.articles).toHaveLength(others + 1);

    const details = () => sim.state.requests.filter((r) => r.path === '/v2.0/article/getdetail').length;
    const before = details();
    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'resume' });
    expect(details() - before).toBe(1);
    expect(progress.articleId).toBe(sim.state.articles.at(-1)!.id);

    const done = await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(done).toMatchObject({ externalId: sim.state.articles.at(-1)!.id });
    expect(sim.state.articles).toHaveLength(others + 1);
    expect(sim.state.broadcasts.map((b) => b.articleId)).toEqual([sim.state.articles.at(-1)!.id]);
  });

  it('a create that never reached Zalo: reconcile reads the window and answers "absent" (the engine waits out the settle time before believing it)', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const startedAt = clock.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'reset-before' });
    expect(((await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError).sideEffectPossible).toBe(true);
    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'absent' });
    expect(sim.state.articles).toHaveLength(0);
  });

  it('a 503 on the broadcast (nothing processed) is retried like any transient error, never a person\'s task', async () => {
    const { connector, ctx, progress } = await setup();
    sim.failNext({ path: '/v2.0/oa/message', action: 'http-503' });
    const before = ctx.now().getTime();
    const err = (await rejection(connector.publish(makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] }), { ...ctx, progress }))) as ConnectorError;
    expect([err.kind, err.code, err.sideEffectPossible]).toEqual(['transient', 'HTTP_503', false]);
    // The gateway's Retry-After: 30 is when to come back, not the engine's shorter backoff.
    expect(err.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(progress.broadcastReservedAt).toBeNull();
    expect(sim.state.broadcasts).toHaveLength(0);
  });

  it('a lost broadcast answer is never sent again: reconcile asks a person', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    sim.failNext({ path: '/v2.0/oa/message', action: 'reset-after' });
    const lost = (await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    expect(progress.broadcastReservedAt).toBe(clock.now().toISOString());
    expect(await connector.reconcile!(refOf(post, clock.now(), progress), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_BROADCAST_UNCERTAIN' });
    expect(sim.state.broadcasts).toHaveLength(1);
  });

  it('messages the OA-managed groups (GMF), each message id saved; a retry skips groups already done', async () => {
    const { connector, ctx, progress } = await setup({ settings: { broadcast: false, groupIds: ['g-xa-chieng-sinh', 'g-xa-muong-bu'] } });
    sim.state.groups.set('g-xa-chieng-sinh', 'enabled');
    sim.state.groups.set('g-xa-muong-bu', 'enabled');
    sim.failNext({ path: '/v3.0/oa/group/message', after: 1, error: -32 });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    expect((await rejection(connector.publish(post, ctx))).code).toBe('ZALO_-32');
    await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(sim.state.groupMessages.map((m) => m.groupId)).toEqual(['g-xa-chieng-sinh', 'g-xa-muong-bu']);
    expect(sim.state.groupMessages[0]!.text).toContain(post.marker);
    expect(Object.keys(progress.groupMessageIds as object)).toEqual(['g-xa-chieng-sinh', 'g-xa-muong-bu']);
    expect(progress.groupSendingId).toBeNull();
  });

  it('an expired access token is an auth error; -201 is auth with an old token and permanent with a fresh one', async () => {
    const { connector, ctx } = await setup({ settings: { broadcast: false } });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    clock.advance(25 * 3600_000 + 1000);
    const expired = (await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError;
    expect([expired.kind, expired.code]).toEqual(['auth', 'ZALO_-124']);

    const fresh = { ...(ctx.credentials as Record<string, string>), ...pair(), accessTokenIssuedAt: clock.now().toISOString() };
    sim.failNext({ path: '/v2.0/article/create', error: -201 });
    const old = (await rejection(connector.publish(post, { ...ctx, progress: {}, credentials: { ...fresh, accessTokenIssuedAt: new Date(clock.now().getTime() - 3600_000).toISOString() } }))) as ConnectorError;
    expect([old.kind, old.code]).toEqual(['auth', 'ZALO_-201']);
    sim.failNext({ path: '/v2.0/article/create', error: -201 });
    const bad = (await rejection(connector.publish(post, { ...ctx, progress: {}, credentials: fresh }))) as ConnectorError;
    expect([bad.kind, bad.code]).toEqual(['permanent', 'ZALO_-201']);
  });

  it('deployment overrides win over the table; an unknown number is transient and logged as unclassified', async () => {
    sim = await startZaloSimulator({ clock });
    const connector = createZaloConnector({ broadcasts: memoryLedger(), mediaUrl, errorOverrides: { '-201': 'permanent', '-9999': 'auth' } });
    const { ctx } = makeCtx(sim, log, { clock, settings: { broadcast: false } });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    sim.failNext({ path: '/v2.0/article/create', error: -201 });
    expect(((await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError).kind).toBe('permanent');
    sim.failNext({ path: '/v2.0/article/create', error: -9999 });
    expect(((await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError).kind).toBe('auth');
    sim.failNext({ path: '/v2.0/article/create', error: -7777, message: 'something new' });
    const unknown = (await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError;
    expect([unknown.kind, unknown.code, unknown.sideEffectPossible]).toEqual(['transient', 'ZALO_-7777', false]);
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('-7777'))).toBe(true);
  });

  function pair() {
    const t = sim.mintTokens();
    return { accessToken: t.accessToken, refreshToken: t.refreshToken };
  }
});
