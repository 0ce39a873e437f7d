import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookConnector } from './connector.ts';
import { businessUseCaseUsage, startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, makeCtx, makePost, refOf, rejection } from './test-kit.ts';

const { lines, log } = createLogCapture();
const connector = createFacebookConnector();
let sim: GraphSimulator;
const seenTokens = new Set<string>();

beforeEach(async () => {
  sim = await startGraphSimulator();
  seenTokens.add(sim.tokens.page);
});
afterEach(() => sim.close());
afterAll(() => {
  const all = lines.join('\n');
  for (const token of seenTokens) expect(all).not.toContain(token);
});

const feed = () => `/${sim.state.pageId}/feed`;
const minutesFrom = (t0: number, t1: number, m: number) => [t0 + m * 60_000, t1 + m * 60_000] as const;

describe('Facebook faults', () => {
  it('turns throttling codes into rate_limited with the time the usage headers give', async () => {
    const { ctx } = makeCtx(sim, log);
    // A throttle answer holds the Page in the connector that met it (usage.ts): each case here
    // is met by a connector of its own, as by another worker process.
    sim.failNext({ method: 'POST', route: feed(), error: { code: 80001, message: 'There have been too many calls to this Page account.' }, headers: { 'X-Business-Use-Case-Usage': businessUseCaseUsage(sim.state.pageId, 37) } });
    let t0 = Date.now();
    const buc = await rejection(createFacebookConnector().publish(makePost(), ctx));
    let [low, high] = minutesFrom(t0, Date.now(), 37);
    expect(buc).toMatchObject({ kind: 'rate_limited', code: 'FB_80001', sideEffectPossible: false });
    expect(buc.retryAt!.getTime()).toBeGreaterThanOrEqual(low);
    expect(buc.retryAt!.getTime()).toBeLessThanOrEqual(high);

    sim.failNext({ method: 'POST', route: feed(), error: { code: 4, message: 'Application request limit reached' }, headers: { 'X-App-Usage': '{"call_count":100,"total_cputime":12,"total_time":20}' } });
    t0 = Date.now();
    const app = await rejection(createFacebookConnector().publish(makePost(), ctx));
    [low, high] = minutesFrom(t0, Date.now(), 60);
    expect(app).toMatchObject({ kind: 'rate_limited', code: 'FB_4' });
    expect(app.retryAt!.getTime()).toBeGreaterThanOrEqual(low);
    expect(app.retryAt!.getTime()).toBeLessThanOrEqual(high);

    for (const code of [17, 32, 613, 341]) {
      sim.failNext({ method: 'POST', route: feed(), error: { code } });
      t0 = Date.now();
      const err = await rejection(connector.publish(makePost(), ctx));
      [low, high] = minutesFrom(t0, Date.now(), 15);
      expect(err).toMatchObject({ kind: 'rate_limited', code: `FB_${code}` });
      expect(err.retryAt!.getTime()).toBeGreaterThanOrEqual(low);
      expect(err.retryAt!.getTime()).toBeLessThanOrEqual(high);
    }
    expect(sim.state.posts).toHaveLength(0);
  });

  it('asks for a reconnect when the token expired (190/463) or was voided, and when a permission is missing', async () => {
    const { ctx } = makeCtx(sim, log);
    sim.state.tokens.get(sim.tokens.page)!.expiresAt = new Date(Date.now() - 1000);
    const expired = await rejection(connector.publish(makePost(), ctx));
    expect(expired).toMatchObject({ kind: 'auth', code: 'FB_190_463', platformCode: '190/463', sideEffectPossible: false });
    expect(expired.messages.vi).toContain('Mã truy cập Facebook đã hết hạn');
    expect(expired.messages.vi).toContain('kết nối lại kênh');

    sim.state.tokens.get(sim.tokens.page)!.expiresAt = null;
    sim.failNext({ route: feed(), error: { code: 190, subcode: 460 } });
    expect(await rejection(connector.publish(makePost(), ctx))).toMatchObject({ kind: 'auth', code: 'FB_190_460' });
    sim.failNext({ route: feed(), error: { code: 200, status: 403 } });
    expect(await rejection(connector.publish(makePost(), ctx))).toMatchObject({ kind: 'auth', code: 'FB_200' });
    expect(sim.state.posts).toHaveLength(0);
  });

  it('reports a post accepted whose answer came after the client timeout as side-effect-possible; reconcile finds exactly one', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log, { timeoutMs: 300 });
    sim.failNext({ method: 'POST', route: feed(), action: 'accept-then-timeout', ms: 2_000 });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ code: 'NET_TIMEOUT', sideEffectPossible: true });
    expect(sim.state.posts).toHaveLength(1);
    const found = await connector.reconcile!(refOf(post), ctx);
    expect(found).toEqual({ kind: 'published', externalId: sim.state.posts[0]!.id, url: expect.stringContaining('/posts/') });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('a text + link post accepted then answered 500: the marker is only in `link` (not the message, not the scraped attachment); reconcile reads `link` and finds exactly one', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: feed(), action: 'accept-then-500' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ kind: 'transient', code: 'FB_2', sideEffectPossible: true });
    expect(sim.state.posts[0]!.message).not.toContain(post.marker);
    expect(sim.state.posts[0]!.link).toContain(post.marker);
    const found = await connector.reconcile!(refOf(post), ctx);
    expect(found).toMatchObject({ kind: 'published', externalId: sim.state.posts[0]!.id });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('"cannot tell", never "absent", when a link share in the window does not show its posted link and the marker rides only in the link', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: feed(), action: 'accept-then-timeout', ms: 1_000 });
    const lost = await rejection(connector.publish(post, makeCtx(sim, log, { timeoutMs: 200 }).ctx));
    expect(lost.sideEffectPossible).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    sim.state.listingHidesLink = true;
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'FB_RECONCILE_LINK_HIDDEN', reason: { vi: expect.stringContaining('không khẳng định') } });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('a Graph listing only the §1.6 fields (no link, no attachments): the lost link post is "cannot tell", never "absent"; other posts do not stop a proof of absence', async () => {
    sim.state.listingHidesLink = true;
    sim.state.listingHidesAttachments = true;
    const { ctx } = makeCtx(sim, log);
    const post = makePost();
    sim.failNext({ method: 'POST', route: feed(), action: 'accept-then-500' });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ sideEffectPossible: true });
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'FB_RECONCILE_LINK_HIDDEN' });

    // A post that never reached Graph, with other link posts (other texts) in the window: absent.
    const never = makePost();
    sim.failNext({ method: 'POST', route: feed(), action: 'reset-before' });
    expect(await rejection(connector.publish(never, ctx))).toMatchObject({ sideEffectPossible: true });
    expect(await connector.reconcile!(refOf(never), ctx)).toEqual({ kind: 'absent' });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('reads past a listing page that privacy filtering left empty but that still has `next`, and finds the post behind it', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: feed(), action: 'accept-then-timeout', ms: 1_000 });
    const lost = await rejection(connector.publish(post, makeCtx(sim, log, { timeoutMs: 200 }).ctx));
    expect(lost.sideEffectPossible).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    // 100 newer posts the token may not see: the first page of 100 comes back with no data, only `next`.
    for (let i = 0; i < 100; i++) {
      const id = `${sim.state.pageId}_hidden${i}`;
      sim.state.posts.push({ ...sim.state.posts[0]!, id, message: `khách ${i}`, link: null, createdTime: new Date() });
      sim.state.listingFiltered.add(id);
    }
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'published', externalId: sim.state.posts[0]!.id });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/posts`)).toBe(2);
  });

  it('treats 506 on a repeated message as "possibly already posted", which reconcile confirms', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    const first = await connector.publish(post, ctx);
    const again = await rejection(connector.publish(post, ctx));
    expect(again).toMatchObject({ kind: 'permanent', code: 'FB_506', sideEffectPossible: true });
    expect(again.messages.vi).toContain('có thể bài đã được đăng');
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual(first.kind === 'published' ? { ...first, url: expect.any(String) } : { kind: 'absent' });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('proves a post absent when the request never reached Graph: the listings were read and hold no marker', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    await connector.publish(makePost(), ctx); // someone else's post in the window
    sim.failNext({ method: 'POST', route: feed(), action: 'reset-before' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err.sideEffectPossible).toBe(true);
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/posts`)).toBe(1);
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/scheduled_posts`)).toBe(1);
    expect(sim.state.posts).toHaveLength(1);
  });

  it('pages through a busy Page until the attempt window is covered', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    await connector.publish(post, ctx);
    const now = Date.now();
    for (let i = 0; i < 150; i++) {
      sim.state.posts.push({ id: `${sim.state.pageId}_${9000 + i}`, kind: 'status', message: `Tin số ${i}`, link: null, createdTime: new Date(now + 1000 + i), published: true, scheduledPublishTime: null, photoIds: [], reactions: 0, comments: 0, shares: 0 });
    }
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ externalId: sim.state.posts[0]!.id });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/posts`)).toBe(2);
  });

  it('marks a 5xx on the creating call as side-effect-possible, and logs errors the table does not know', async () => {
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: feed(), error: { status: 500, code: 1, message: 'An unknown error occurred' } });
    expect(await rejection(connector.publish(makePost(), ctx))).toMatchObject({ kind: 'transient', code: 'FB_1', sideEffectPossible: true });

    sim.failNext({ method: 'POST', route: feed(), error: { code: 368, message: 'It looks like you were misusing this feature by going too fast.' } });
    const blocked = await rejection(connector.publish(makePost(), ctx));
    expect(blocked).toMatchObject({ kind: 'permanent', code: 'FB_368', sideEffectPossible: false });
    expect(blocked.messages.vi).toContain('Meta Business Suite');

    // 1609005 (link scrape failed): permanent after one retry (§7), counted in the delivery's progress.
    const linked = makePost();
    for (const kind of ['transient', 'permanent']) {
      sim.failNext({ method: 'POST', route: feed(), error: { code: 1609005, message: 'Error Posting Link' } });
      expect(await rejection(connector.publish(linked, ctx))).toMatchObject({ kind, code: 'FB_1609005', sideEffectPossible: false });
    }
    expect(ctx.progress).toMatchObject({ linkScrapeFailed: true });

    sim.failNext({ method: 'POST', route: feed(), error: { code: 9321, subcode: 77 } });
    const unknown = await rejection(connector.publish(makePost(), ctx));
    expect(unknown).toMatchObject({ kind: 'transient', code: 'FB_9321_77' });
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('FB_9321_77'))).toBe(true);
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('FB_368'))).toBe(false);
  });
});
