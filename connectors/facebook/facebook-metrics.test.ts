import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalRef } from '../contract.ts';
import { createFacebookConnector } from './connector.ts';
import { collectFacebookMetrics } from './metrics.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, makeCtx, makePost } from './test-kit.ts';

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

async function publishTwo(ctx: ReturnType<typeof makeCtx>['ctx']): Promise<ExternalRef[]> {
  const refs: ExternalRef[] = [];
  for (const post of [makePost(), makePost()]) {
    const r = await connector.publish(post, ctx);
    if (r.kind !== 'published') throw new Error('expected published');
    refs.push({ deliveryId: post.deliveryId, externalId: r.externalId, url: r.url, publishedAt: new Date() });
  }
  return refs;
}

const byMetric = (samples: { deliveryId: string; metric: string; value: number }[], deliveryId: string) =>
  Object.fromEntries(samples.filter((s) => s.deliveryId === deliveryId).map((s) => [s.metric, s.value]));

describe('Facebook metrics', () => {
  it('collects counters and lifetime insights, tagged with the Graph version', async () => {
    const { ctx } = makeCtx(sim, log);
    const refs = await publishTwo(ctx);
    Object.assign(sim.state.posts[0]!, { reactions: 12, comments: 3, shares: 2 });
    sim.state.insights.values.set(refs[0]!.externalId, { post_total_media_view_unique: 480, post_clicks: 31, post_reactions_by_type_total: { like: 10, love: 2 } });

    const samples = await connector.collectMetrics!(refs, ctx);
    expect(byMetric(samples, refs[0]!.deliveryId)).toEqual({
      reactions: 12,
      comments: 3,
      shares: 2,
      post_total_media_view_unique: 480,
      post_clicks: 31,
      'post_reactions_by_type_total.like': 10,
      'post_reactions_by_type_total.love': 2,
    });
    expect(byMetric(samples, refs[1]!.deliveryId)).toEqual({ reactions: 0, comments: 0, shares: 0, post_total_media_view_unique: 0, post_clicks: 0 });
    expect(new Set(samples.map((s) => s.source))).toEqual(new Set(['graph v24.0']));
  });

  it('finds a retired metric that fails the whole insights call (#100), drops it, stores the rest and reports it', async () => {
    const metrics = ['post_total_media_view_unique', 'post_clicks', 'post_impressions_unique', 'post_reactions_by_type_total'];
    const { ctx } = makeCtx(sim, log, { settings: { insightsMetrics: metrics } });
    const refs = await publishTwo(ctx);
    sim.state.insights.retired.add('post_impressions_unique');
    sim.state.insights.values.set(refs[0]!.externalId, { post_total_media_view_unique: 480, post_clicks: 31 });
    sim.state.insights.values.set(refs[1]!.externalId, { post_total_media_view_unique: 75 });

    const result = await collectFacebookMetrics(refs, ctx);
    expect(result.droppedMetrics).toEqual(['post_impressions_unique']);
    expect(byMetric(result.samples, refs[0]!.deliveryId)).toMatchObject({ post_total_media_view_unique: 480, post_clicks: 31 });
    expect(byMetric(result.samples, refs[1]!.deliveryId)).toMatchObject({ post_total_media_view_unique: 75, post_clicks: 0 });
    expect(result.samples.some((s) => s.metric === 'post_impressions_unique')).toBe(false);
    // The second post is asked only for the names still known: one call.
    expect(countRequests(sim, 'GET', `/${refs[1]!.externalId}/insights`)).toBe(1);
    expect(lines.some((l) => l.includes('"unclassified":true') && l.includes('post_impressions_unique'))).toBe(true);
  });

  it('skips a post deleted on Facebook and still reads the others', async () => {
    const { ctx } = makeCtx(sim, log);
    const refs = await publishTwo(ctx);
    sim.state.deleted.push(refs[0]!.externalId);
    const samples = await connector.collectMetrics!(refs, ctx);
    expect(samples.filter((s) => s.deliveryId === refs[0]!.deliveryId)).toEqual([]);
    expect(byMetric(samples, refs[1]!.deliveryId)).toMatchObject({ reactions: 0 });
  });

  it('a token whose user lacks the ANALYZE task (§1.7) still gets the counters; insights are asked once and left out', async () => {
    const { ctx } = makeCtx(sim, log);
    const refs = await publishTwo(ctx);
    Object.assign(sim.state.posts[0]!, { reactions: 12, comments: 3, shares: 2 });
    Object.assign(sim.state.posts[1]!, { reactions: 4 });
    sim.state.pageTasks = ['CREATE_CONTENT', 'MODERATE'];

    const result = await collectFacebookMetrics(refs, ctx);
    expect(result.insightsRefused).toBe(true);
    expect(byMetric(result.samples, refs[0]!.deliveryId)).toEqual({ reactions: 12, comments: 3, shares: 2 });
    expect(byMetric(result.samples, refs[1]!.deliveryId)).toEqual({ reactions: 4, comments: 0, shares: 0 });
    expect(countRequests(sim, 'GET', /\/insights$/)).toBe(1);
    expect(lines.some((l) => l.includes('FB_INSIGHTS_NOT_ALLOWED'))).toBe(true);
  });

  it('reads a video through its own node and video insights', async () => {
    const { ctx } = makeCtx(sim, log);
    sim.state.videos.push({ id: '777', handle: 'h', title: 'Phóng sự', description: 'x', createdTime: new Date(), published: true, scheduledPublishTime: null, status: 'ready', reactions: 5, comments: 1 });
    sim.state.insights.values.set('777', { total_video_views: 900, total_video_views_unique: 640 });
    const samples = await connector.collectMetrics!([{ deliveryId: 'd-video', externalId: '777', url: null, publishedAt: new Date() }], ctx);
    expect(byMetric(samples, 'd-video')).toEqual({ reactions: 5, comments: 1, total_video_views: 900, total_video_views_unique: 640 });
  });
});
