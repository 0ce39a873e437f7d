import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../contract.ts';
import { createZaloConnector } from './connector.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { createLogCapture, makeCtx, makePost, manualClock, memoryLedger, rejection, vnTime } from './test-kit.ts';

/**
 * Zalo's clock (the `create_date` of its articles) is not Loa's: the chaos run plays Zalo at
 * 10:00 Vietnam time whatever the hour, which once made every article look hours older than
 * the attempt, so the lookup stopped after its first page and a busy OA's article was "absent"
 * (24 duplicates in `npm run chaos`). The window is read in Zalo's own time (its `Date` header).
 */
describe('Zalo OA reconcile when Zalo\'s clock differs from Loa\'s', () => {
  const loa = manualClock(vnTime('2026-12-06', '22:40'));
  const zalo = manualClock(vnTime('2026-12-06', '10:00'));
  const { log } = createLogCapture();
  let sim: ZaloSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  async function setup() {
    sim = await startZaloSimulator({ clock: zalo });
    const connector = createZaloConnector({ broadcasts: memoryLedger(), mediaUrl: () => null });
    return { connector, ...makeCtx(sim, log, { clock: loa, settings: { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' } }) };
  }
  const refOf = (post: ReturnType<typeof makePost>, startedAt: Date, progress: Record<string, unknown>) => ({
    deliveryId: post.deliveryId,
    marker: post.marker,
    attemptStartedAt: startedAt,
    attemptEndedAt: startedAt,
    progress: { ...progress },
    post,
  });

  it('a create answered HTTP 500 after Zalo made the article, then 12 more articles on a busy OA: reconcile finds it on the second page, and the publish makes no second article', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost({ title: 'Cảnh báo lừa đảo qua mạng' });
    const startedAt = loa.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'http-500' });
    const lost = (await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    const first = sim.state.articles[0]!;
    // Other deliveries publish the same campaign title while this one waits out the settle time.
    for (let i = 0; i < 12; i++) {
      zalo.advance(1000);
      loa.advance(1000);
      const { ctx: other } = makeCtx(sim, log, { clock: loa, settings: { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' } });
      await connector.publish(makePost({ title: post.title }), other);
    }
    expect(sim.state.articles).toHaveLength(13);

    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'resume' });
    expect(progress.articleId).toBe(first.id);
    await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(sim.state.articles.filter((a) => JSON.stringify(a.body).includes(post.marker))).toHaveLength(1);
  });

  it('finds the article when getslice lists its title escaped, spaces collapsed and shortened (§3.6 documents no listing shape)', async () => {
    const { connector, ctx, progress } = await setup();
    sim.state.listedTitles = 'escaped';
    const post = makePost({ title: 'Hỏi & đáp:  "Tái hòa nhập" <cộng đồng> sau khi chấp hành án' });
    const startedAt = loa.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'http-500' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'resume' });
    expect(progress.articleId).toBe(sim.state.articles[0]!.id);
  });

  it('reads getslice answered as the list itself; an answer showing no list is "cannot tell", never "absent" (§3.6 documents no listing shape)', async () => {
    const { connector, ctx, progress } = await setup();
    sim.state.articleListing = 'array';
    const post = makePost({ title: 'Tìm việc làm sau khi mãn hạn tù' });
    const startedAt = loa.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'http-500' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'resume' });
    expect(progress.articleId).toBe(sim.state.articles[0]!.id);

    sim.state.articleListing = 'items';
    const lost = makePost({ title: 'Chương trình hỗ trợ vay vốn' });
    const other = makeCtx(sim, log, { clock: loa, settings: { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' } });
    const lostAt = loa.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'http-500' });
    await rejection(connector.publish(lost, { ...other.ctx, progress: other.progress }));
    expect(sim.state.articles).toHaveLength(2);
    const lostRef = refOf(lost, lostAt, other.progress);
    expect(await connector.reconcile!(lostRef, { ...other.ctx, progress: other.progress })).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_ARTICLE_LISTING_UNREADABLE' });
    expect(await rejection(connector.findCopies!(lostRef, other.ctx))).toMatchObject({ kind: 'permanent', code: 'ZALO_ARTICLE_LISTING_UNREADABLE' });

    // Listed well, but getdetail without the body: the article titled as sent cannot be read for the marker.
    sim.state.articleListing = 'medias';
    sim.state.detailHidesBody = true;
    expect(await connector.reconcile!(lostRef, { ...other.ctx, progress: other.progress })).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_ARTICLE_LISTING_UNREADABLE' });
    sim.state.detailHidesBody = false;
    expect(await connector.reconcile!(lostRef, { ...other.ctx, progress: other.progress })).toEqual({ kind: 'resume' });
    expect(other.progress.articleId).toBe(sim.state.articles[1]!.id);
  });

  it('a create that never reached Zalo on the same OA is still "absent" (the window ends at Zalo\'s own attempt time)', async () => {
    const { connector, ctx, progress } = await setup();
    for (let i = 0; i < 12; i++) {
      const { ctx: other } = makeCtx(sim, log, { clock: loa, settings: { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' } });
      await connector.publish(makePost({ title: `Tin cũ ${i}` }), other);
    }
    zalo.advance(3600_000);
    loa.advance(3600_000);
    const post = makePost();
    const startedAt = loa.now();
    sim.failNext({ path: '/v2.0/article/create', action: 'reset-before' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'absent' });
  });
});
