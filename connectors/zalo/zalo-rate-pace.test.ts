import { afterEach, describe, expect, it } from 'vitest';
import { Deferral } from '../contract.ts';
import { createZaloConnector } from './connector.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { createLogCapture, makeCtx, makePost, manualClock, memoryLedger, rejection, vnTime } from './test-kit.ts';

/** §3.9: limits per minute, `X-RateLimit-Remain: 0` once used up, -32 for every call after it that minute. */
describe('Zalo OA paces itself on X-RateLimit-Remain (against the Zalo simulator)', () => {
  const clock = manualClock(vnTime('2026-12-06', '09:00'));
  const { log } = createLogCapture();
  let sim: ZaloSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('after an answer saying nothing is left this minute, the next publish waits for the next minute instead of meeting -32', async () => {
    sim = await startZaloSimulator({ clock, rateLimitPerMinute: 2 });
    const connector = createZaloConnector({ broadcasts: memoryLedger(), mediaUrl: () => null });
    const channelId = 'a3c2b7e0-5d1f-4c8e-9b6a-2f4d8e1c7a90';
    const settings = { broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' };
    // Create and verify: the two calls the minute allows.
    await connector.publish(makePost(), makeCtx(sim, log, { clock, settings, channelId }).ctx);
    expect(sim.state.articles).toHaveLength(1);

    const waiting = await rejection(connector.publish(makePost(), makeCtx(sim, log, { clock, settings, channelId }).ctx));
    expect(waiting).toBeInstanceOf(Deferral);
    const deferral = waiting as Deferral;
    expect(deferral.code).toBe('ZALO_RATE_REMAIN_ZERO');
    expect(deferral.reason.vi).toContain('phút này');
    expect(deferral.reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(deferral.notBefore.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(deferral.notBefore.getTime()).toBeLessThanOrEqual(clock.now().getTime() + 61_000);
    expect(sim.state.requests.filter((r) => r.outcome !== 0)).toHaveLength(0);

    clock.set(deferral.notBefore);
    await connector.publish(makePost(), makeCtx(sim, log, { clock, settings, channelId }).ctx);
    expect(sim.state.articles).toHaveLength(2);
    expect(sim.state.requests.filter((r) => r.outcome !== 0)).toHaveLength(0);
  });
});
