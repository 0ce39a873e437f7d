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
    const connector = createZaloConnector({ broadcasts: ledger });
    return { connector, ledger, ...makeCtx(sim, log, { clock, settings: o.settings }) };
  }

  it('uploads the cover as it is, creates and verifies the article, broadcasts it once; each step saved before the next', async () => {
    const { connector, ctx, saved } = await setup();
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const result = await connector.publish(post, ctx);

    const article = sim.state.articles[0]!;
    expect(result).toEqual({ kind: 'published', externalId: article.id, url: null });
    expect(sim.state.uploads).toHaveLength(1);
    expect(sim.state.uploads[0]!.bytes).toBe(fs.statSync(smallJpeg).size);
    expect(sim.state.uploads[0]!.mimeType).toBe('image/jpeg');
    expect(article.cover).toEqual({ cover_type: 'photo', photo_id: sim.state.uploads[0]!.attachmentId, status: 'show' });
    expect(article.title).toBe(post.title);
    expect(article.author).toBe('Công an tỉnh Sơn La');
    expect(JSON.stringify(article.body)).toContain(post.marker);
    expect(sim.state.broadcasts.map((b) => b.articleId)).toEqual([article.id]);
    expect(saved.flatMap((p) => Object.keys(p))).toEqual(['coverAttachmentId', 'articleCreateStartedAt', 'articleToken', 'articleId', 'articleUrl', 'broadcastReservedAt', 'broadcastMessageId']);
  });

  it('re-encodes a cover over 1 MB as a JPEG under the upload limit', async () => {
    const { connector, ctx } = await setup({ settings: { broadcast: false } });
    expect(fs.statSync(bigPng).size).toBeGreaterThan(1024 * 1024);
    await connector.publish(makePost({ media: [fileImage(bigPng, 'image/png')] }), ctx);
    expect(sim.state.uploads).toHaveLength(1);
    expect(sim.state.uploads[0]!.mimeType).toBe('image/jpeg');
    expect(sim.state.uploads[0]!.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(sim.state.broadcasts).toHaveLength(0);
  });

  it('moderation: "not yet" from verify defers by the moderation delay keeping the token; the retry verifies without creating again', async () => {
    const { connector, ctx, progress } = await setup({ moderationDelayMs: 4 * 60_000 });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const first = await rejection(connector.publish(post, ctx));
    expect(first).toBeInstanceOf(Deferral);
    expect((first as Deferral).code).toBe('ZALO_MODERATION');
    expect((first as Deferral).notBefore).toEqual(new Date(clock.now().getTime() + 5 * 60_000));
    expect((first as Deferral).reason.vi).toMatch(/kiểm duyệt/);
    expect(progress.articleToken).toBe(sim.state.articles[0]!.token);

    clock.advance(5 * 60_000);
    const done = await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(done.kind).toBe('published');
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.uploads).toHaveLength(1);
    expect(sim.state.broadcasts).toHaveLength(1);
  });

  it('21:00 Vietnam time: the article is made, the broadcast waits for 06:00 with the reason, then goes out once', async () => {
    const { connector, ctx, progress } = await setup();
    clock.set(vnTime('2026-11-23', '21:00'));
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const deferred = await rejection(connector.publish(post, ctx));
    expect(deferred).toBeInstanceOf(Deferral);
    expect((deferred as Deferral).code).toBe('ZALO_SEND_WINDOW');
    expect((deferred as Deferral).notBefore).toEqual(vnTime('2026-11-24', '06:00'));
    expect((deferred as Deferral).reason.vi).toBe('Ngoài khung giờ gửi tin của Zalo OA (06:00–20:00 giờ Việt Nam); sẽ gửi lúc 06:00 24/11/2026');
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

  it('a lost create answer: unconfirmed; reconcile waits for moderation, then "publish again" adopts the article found by marker', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    const startedAt = clock.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'reset-after' });
    const lost = (await rejection(connector.publish(post, ctx))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    expect(sim.state.articles).toHaveLength(1);

    const ref = { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: startedAt, attemptEndedAt: startedAt, progress: { ...progress }, post };
    const wait = await rejection(connector.reconcile!(ref, ctx));
    expect((wait as Deferral).code).toBe('ZALO_RECONCILE_WAIT');
    clock.advance(6 * 60_000);
    expect(await connector.reconcile!(ref, ctx)).toEqual({ kind: 'absent' });

    const done = await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(done).toMatchObject({ externalId: sim.state.articles[0]!.id });
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.broadcasts).toHaveLength(1);
  });

  it('a lost broadcast answer is never sent again: reconcile asks a person', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    sim.failNext({ path: '/v2.0/oa/message', action: 'reset-after' });
    const lost = (await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    expect(progress.broadcastReservedAt).toBe(clock.now().toISOString());
    const ref = { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: clock.now(), attemptEndedAt: clock.now(), progress: { ...progress }, post };
    expect(await connector.reconcile!(ref, ctx)).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_BROADCAST_UNCERTAIN' });
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
    const connector = createZaloConnector({ broadcasts: memoryLedger(), errorOverrides: { '-201': 'permanent', '-9999': 'auth' } });
    const { ctx } = makeCtx(sim, log, { clock, settings: { broadcast: false } });
    const post = makePost({ media: [fileImage(smallJpeg, 'image/jpeg')] });
    sim.failNext({ path: '/v2.0/oa/upload/image', error: -201 });
    expect(((await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError).kind).toBe('permanent');
    sim.failNext({ path: '/v2.0/oa/upload/image', error: -9999 });
    expect(((await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError).kind).toBe('auth');
    sim.failNext({ path: '/v2.0/oa/upload/image', error: -7777, message: 'something new' });
    const unknown = (await rejection(connector.publish(post, { ...ctx, progress: {} }))) as ConnectorError;
    expect([unknown.kind, unknown.code, unknown.sideEffectPossible]).toEqual(['transient', 'ZALO_-7777', false]);
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('-7777'))).toBe(true);
  });

  function pair() {
    const t = sim.mintTokens();
    return { accessToken: t.accessToken, refreshToken: t.refreshToken };
  }
});
