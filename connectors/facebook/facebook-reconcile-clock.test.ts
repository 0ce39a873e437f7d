import { afterEach, describe, expect, it } from 'vitest';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, makeCtx, makePost, refOf, rejection } from './test-kit.ts';

/**
 * Graph's clock (the `created_time` of Page posts) is not Loa's. Zalo's reconcile once read its
 * window in Loa's clock and took a busy OA's article for absent (zalo-reconcile.test.ts); the
 * Facebook reconcile read its window the same way, and sent it as `since`, so a Page whose
 * clock ran behind Loa's had the very post of the attempt filtered out: "absent", a second post.
 */
describe('Facebook reconcile when Graph\'s clock differs from Loa\'s', () => {
  const { log } = createLogCapture();
  const connector = createFacebookConnector();
  let sim: GraphSimulator;
  afterEach(() => sim?.close());

  it('Graph 3 h behind Loa: a post accepted then answered 500, with 150 newer posts on the Page, is found on the second page; the last net sees it too', async () => {
    sim = await startGraphSimulator({ clock: { now: () => new Date(Date.now() - 3 * 3600_000) } });
    const { ctx } = makeCtx(sim, log);
    const post = makePost();
    const startedAt = new Date();
    sim.failNext({ method: 'POST', route: `/${sim.state.pageId}/feed`, action: 'accept-then-500' });
    const lost = await rejection(connector.publish(post, ctx));
    expect(lost.sideEffectPossible).toBe(true);
    const first = sim.state.posts[0]!;
    for (let i = 0; i < 150; i++) {
      sim.state.posts.push({ id: `${sim.state.pageId}_${9000 + i}`, kind: 'status', message: `Tin số ${i}`, link: null, createdTime: new Date(first.createdTime.getTime() + 1000 + i), published: true, scheduledPublishTime: null, photoIds: [], reactions: 0, comments: 0, shares: 0 });
    }

    expect(await connector.reconcile!(refOf(post, startedAt), ctx)).toMatchObject({ kind: 'published', externalId: first.id });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/posts`)).toBe(2);
    expect(await connector.findCopies!(refOf(post, startedAt), ctx)).toEqual([expect.objectContaining({ externalId: first.id })]);
  });

  it('Graph 3 h behind Loa: an attempt that never reached Graph is still "absent": one page already reaches back past the window', async () => {
    sim = await startGraphSimulator({ clock: { now: () => new Date(Date.now() - 3 * 3600_000) } });
    const { ctx } = makeCtx(sim, log);
    // Older posts (Graph's yesterday) and one of the attempt's hour from another delivery.
    for (let i = 0; i < 150; i++) {
      sim.state.posts.push({ id: `${sim.state.pageId}_${8000 + i}`, kind: 'status', message: `Tin cũ ${i}`, link: null, createdTime: new Date(Date.now() - 27 * 3600_000 + i), published: true, scheduledPublishTime: null, photoIds: [], reactions: 0, comments: 0, shares: 0 });
    }
    await connector.publish(makePost(), ctx);
    const post = makePost();
    sim.failNext({ method: 'POST', route: `/${sim.state.pageId}/feed`, action: 'reset-before' });
    const startedAt = new Date();
    expect((await rejection(connector.publish(post, ctx))).sideEffectPossible).toBe(true);

    expect(await connector.reconcile!(refOf(post, startedAt), ctx)).toEqual({ kind: 'absent' });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/posts`)).toBe(1);
  });
});
