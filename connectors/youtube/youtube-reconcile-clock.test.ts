import { afterEach, describe, expect, it } from 'vitest';
import { createYoutubeConnector } from './connector.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, makeCtx, makePost, refOf } from './test-kit.ts';

/**
 * YouTube's clock (the `publishedAt` of uploads) is not Loa's. Read in Loa's clock, a channel
 * whose clock ran behind made the attempt's upload look older than the window, so the lookup
 * stopped after its first page and a busy channel's video was "absent": uploaded again.
 */
describe('YouTube reconcile when YouTube\'s clock differs from Loa\'s', () => {
  const { log } = createLogCapture();
  let sim: YoutubeSimulator;
  afterEach(() => sim?.close());

  it('YouTube 3 h behind Loa: the attempt\'s upload, with 60 newer uploads on the channel, is found on the second page', async () => {
    const behind = () => new Date(Date.now() - 3 * 3600_000);
    sim = await startYoutubeSimulator({ clock: { now: behind } });
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log, { settings: { thumbnail: 'none' } });
    const post = makePost([]);
    const startedAt = new Date();
    const own = sim.seedVideo({ title: post.title, description: `Phóng sự\n\n${post.marker}`, uploadedAt: behind() });
    for (let i = 0; i < 60; i++) sim.seedVideo({ title: `Video khác ${i}`, description: 'Không phải của Loa', uploadedAt: new Date(behind().getTime() + 1000 + i) });

    expect(await connector.reconcile!(refOf(post, {}, startedAt), ctx)).toMatchObject({ kind: 'published', externalId: own.id });
    expect(countRequests(sim, 'GET', '/youtube/v3/playlistItems')).toBe(2);
  });
});
