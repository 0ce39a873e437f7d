import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalRef } from '../contract.ts';
import { createYoutubeConnector } from './connector.ts';
import { collectYoutubeMetrics, METRICS_SOURCE } from './metrics.ts';
import { createMemoryQuotaLedger } from './quota.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, deferral, makeCtx } from './test-kit.ts';

const { log } = createLogCapture();
let sim: YoutubeSimulator;
beforeEach(async () => {
  sim = await startYoutubeSimulator();
});
afterEach(() => sim.close());

const ref = (deliveryId: string, externalId: string): ExternalRef => ({ deliveryId, externalId, url: null, publishedAt: new Date() });

describe('YouTube metrics', () => {
  it('reads views, likes and comments (strings on the wire) as numbers; a deleted or hidden video is simply absent', async () => {
    const [a, b, gone] = [0, 1, 2].map((i) => sim.seedVideo({ title: `Video ${i}`, description: '', uploadedAt: new Date() }));
    a!.statistics = { views: 12_345, likes: 67, comments: 8, favorites: 0 };
    b!.statistics = { views: 0, likes: 0, comments: 0, favorites: 0 };
    gone!.deleted = true;
    const { ctx } = makeCtx(sim, log);
    const before = new Date();

    const samples = await createYoutubeConnector().collectMetrics!([ref('d-a', a!.id), ref('d-b', b!.id), ref('d-gone', gone!.id)], ctx);

    expect(samples.map((s) => [s.deliveryId, s.metric, s.value])).toEqual([
      ['d-a', 'views', 12_345],
      ['d-a', 'likes', 67],
      ['d-a', 'comments', 8],
      ['d-b', 'views', 0],
      ['d-b', 'likes', 0],
      ['d-b', 'comments', 0],
    ]);
    expect(samples.every((s) => s.source === METRICS_SOURCE && s.collectedAt >= before)).toBe(true);
    expect(METRICS_SOURCE).toBe('youtube v3');
    expect(countRequests(sim, 'GET', '/youtube/v3/videos')).toBe(1);
  });

  it('asks for at most 50 videos per call and spends one unit per call', async () => {
    const videos = Array.from({ length: 120 }, (_, i) => sim.seedVideo({ title: `V${i}`, description: '', uploadedAt: new Date() }));
    videos.forEach((v, i) => (v.statistics.views = i));
    const { ctx } = makeCtx(sim, log);
    const samples = await collectYoutubeMetrics(
      videos.map((v, i) => ref(`d${i}`, v.id)),
      ctx,
    );
    expect(countRequests(sim, 'GET', '/youtube/v3/videos')).toBe(3);
    expect(sim.state.quota.units.used).toBe(3);
    expect(samples.filter((s) => s.metric === 'views').map((s) => s.value)).toEqual(videos.map((_, i) => i));
  });

  it('waits for the quota reset instead of calling when the unit pool is spent', async () => {
    const v = sim.seedVideo({ title: 'V', description: '', uploadedAt: new Date() });
    const { ctx } = makeCtx(sim, log, { settings: { quotaUnitsPerDay: 1 } });
    const ledger = createMemoryQuotaLedger();
    await collectYoutubeMetrics([ref('d', v.id)], ctx, ledger);
    const waiting = await deferral(collectYoutubeMetrics([ref('d', v.id)], ctx, ledger));
    expect(waiting.code).toBe('YT_QUOTA_DEFERRED');
    expect(countRequests(sim, 'GET', '/youtube/v3/videos')).toBe(1);
  });
});
