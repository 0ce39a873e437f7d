import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Deferral, type ExternalRef } from '../contract.ts';
import { rejectionOf } from '../test-kit.ts';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, makeCtx, makePost } from './test-kit.ts';
import { readUsage } from './usage.ts';

const { log } = createLogCapture();
let sim: GraphSimulator;

beforeEach(async () => {
  sim = await startGraphSimulator();
});
afterEach(() => sim.close());

const feed = () => `/${sim.state.pageId}/feed`;

async function deferralOf(p: Promise<unknown>): Promise<Deferral> {
  const err = await rejectionOf(p);
  if (!(err instanceof Deferral)) throw err;
  return err;
}

describe('Facebook usage headers (platform-apis.md §1.9)', () => {
  it('holds the Page once an answer shows 90 % of the allowance used, before Graph throttles, and goes on after the hold', async () => {
    sim.setCallLimit(10);
    const connector = createFacebookConnector();
    const { ctx } = makeCtx(sim, log);
    for (let i = 0; i < 9; i++) await connector.publish(makePost(), ctx);
    expect(sim.state.posts).toHaveLength(9);

    // The ninth answer said 90 %: the tenth publish waits, without calling Graph.
    const held = await deferralOf(connector.publish(makePost(), ctx));
    expect(held.code).toBe('FB_USAGE_HIGH');
    expect(held.reason.vi).toContain('90%');
    expect(held.reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(held.notBefore.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(countRequests(sim, 'POST', feed())).toBe(9);
    // Metric reads of the same Page wait too; they are the bulk of the calls.
    const refs: ExternalRef[] = [{ deliveryId: 'd', externalId: sim.state.posts[0]!.id, url: null, publishedAt: null }];
    expect((await deferralOf(connector.collectMetrics!(refs, ctx))).code).toBe('FB_USAGE_HIGH');

    // After the hold the next call goes through and reads the counters again: 100 %, held again.
    const later = makeCtx(sim, log);
    later.ctx.now = () => new Date(held.notBefore.getTime() + 1000);
    await connector.publish(makePost(), later.ctx);
    expect(sim.state.posts).toHaveLength(10);
    expect((await deferralOf(connector.publish(makePost(), later.ctx))).code).toBe('FB_USAGE_HIGH');
    // Without the hold, Graph would have refused the call (80001) and extended its block.
    expect(sim.state.requests.some((r) => r.outcome !== 200)).toBe(false);
  });

  it('lets a Page whose usage is low publish freely, and holds one Page without holding another', async () => {
    const connector = createFacebookConnector();
    const { ctx } = makeCtx(sim, log);
    for (let i = 0; i < 3; i++) await connector.publish(makePost(), ctx);
    expect(sim.state.posts).toHaveLength(3);

    sim.setCallLimit(4, 24);
    await connector.publish(makePost(), ctx);
    expect((await deferralOf(connector.publish(makePost(), ctx))).code).toBe('FB_USAGE_HIGH');
    // Another connector process has not seen this Page's usage: it calls, and Graph refuses.
    const other = createFacebookConnector();
    const fresh = await rejectionOf(other.publish(makePost(), ctx));
    expect(fresh).toMatchObject({ kind: 'rate_limited', code: 'FB_80001' });
    expect((fresh as { retryAt?: Date }).retryAt!.getTime()).toBeGreaterThan(Date.now());
    // The refusal's usage header holds the Page there too: its next publish does not call
    // Graph again, which would extend the block (§1.9 "stop calling when limited").
    const refused = countRequests(sim, 'POST', feed());
    const held = await deferralOf(other.publish(makePost(), ctx));
    expect(held.code).toBe('FB_USAGE_HIGH');
    expect(held.notBefore.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(countRequests(sim, 'POST', feed())).toBe(refused);
  });

  it('reads both headers: the highest counter, and the BUC time to regain access in minutes, of the Pages use case only', () => {
    expect(readUsage('{"call_count":28,"total_time":25,"total_cputime":91}', null, 'pages')).toEqual({ percent: 91, regainMinutes: 0 });
    expect(
      readUsage(null, JSON.stringify({ 1: [{ type: 'pages', call_count: 97, total_cputime: 23, total_time: 23, estimated_time_to_regain_access: 0 }], 2: [{ type: 'pages', call_count: 12, estimated_time_to_regain_access: 7 }] }), 'pages'),
    ).toEqual({ percent: 97, regainMinutes: 7 });
    expect(readUsage(null, JSON.stringify({ 9: [{ type: 'ads_management', call_count: 99, estimated_time_to_regain_access: 30 }], 1: [{ type: 'pages', call_count: 40 }] }), 'pages')).toEqual({ percent: 40, regainMinutes: 0 });
    expect(readUsage('not json', null, 'pages')).toBeNull();
    expect(readUsage(null, null, 'pages')).toBeNull();
  });
});
