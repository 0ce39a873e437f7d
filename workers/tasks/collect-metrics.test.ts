import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../connectors/facebook/simulator.ts';
import { startYoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import { channels, metricDaily, metricSchedule } from '../../db/schema/index.ts';
import { createLogger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { LocalStorage } from '../../lib/storage.ts';
import { approveWithMedia, createPlatformChannel, samplesOf, storeMedia, videoBytes } from '../../test/metrics-fixtures.ts';
import type { TestDatabase } from '../../test/db.ts';
import { deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';

/** Offsets from publishing at which the worker reads metrics in these tests. */
const CADENCE = [4000, 8000];

describe('collect_metrics: real queued jobs on a shortened cadence, Graph simulator over HTTP', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let storage: LocalStorage;
  let sim: GraphSimulator;
  const logs: string[] = [];

  beforeAll(async () => {
    const log = createLogger('debug', { write: (line: string) => void logs.push(line) });
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '4', LOA_METRICS_CADENCE: '4s,8s' }, { log });
    ({ t, room, secrets, storage } = h);
  });
  beforeEach(async () => {
    sim = await startGraphSimulator();
  });
  afterEach(() => sim.close());
  afterAll(() => h?.close());

  async function pageChannel(settings: Record<string, unknown> = {}) {
    return createPlatformChannel(t.db, secrets, {
      unitId: room.unitId,
      platform: 'facebook_page',
      name: 'Fanpage Con đường hướng thiện',
      settings: { pageId: sim.state.pageId, appId: sim.state.appId, graphBaseUrl: sim.baseUrl, ...settings },
      credentials: { pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user },
    });
  }

  /** Two items published to the same Page through the real publish task. */
  async function publishTwo(channelId: string) {
    const publishAt = new Date(Date.now() + 300);
    const ids: string[] = [];
    for (const title of ['Bài thứ nhất về tái hòa nhập', 'Bài thứ hai về tái hòa nhập']) {
      const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt, title });
      ids.push(deliveryIds[0]!);
    }
    return Promise.all(ids.map((id) => waitForState(t.db, id, 'published')));
  }

  const readings = (rows: { collectedAt: Date }[]) => [...new Set(rows.map((r) => r.collectedAt.getTime()))].sort();
  const scheduleRows = (channelId: string) => t.db.select().from(metricSchedule).where(eq(metricSchedule.channelId, channelId));

  it('reads both posts of a Page in one call at each step of the cadence, stores samples and day rollups, then stops', async () => {
    const channelId = await pageChannel();
    const [a, b] = await publishTwo(channelId);
    Object.assign(sim.state.posts.find((p) => p.id === a!.externalId)!, { reactions: 12, comments: 3, shares: 2 });
    sim.state.insights.values.set(a!.externalId!, { post_total_media_view_unique: 480, post_clicks: 31 });

    await waitFor(async () => (await samplesOf(t.db, b!.id)).length > 0 && (await samplesOf(t.db, a!.id)).length > 0, 'the first readings', 15_000);
    sim.state.insights.values.set(a!.externalId!, { post_total_media_view_unique: 900, post_clicks: 40 });
    await waitFor(async () => (await scheduleRows(channelId)).length === 0, 'the cadence to end', 20_000);

    const sa = await samplesOf(t.db, a!.id);
    const sb = await samplesOf(t.db, b!.id);
    // One reading per step, each at or after its offset from publishing (10% early at most).
    const ra = readings(sa);
    expect(ra).toHaveLength(2);
    ra.forEach((at, i) => expect(at - a!.publishedAt!.getTime()).toBeGreaterThanOrEqual(CADENCE[i]! * 0.9));
    expect(readings(sb)).toHaveLength(2);
    const reach = sa.filter((s) => s.metric === 'post_total_media_view_unique').map((s) => s.value);
    expect(reach).toEqual([480, 900]);
    expect(sa.find((s) => s.metric === 'reactions')).toMatchObject({ value: 12, source: 'graph v24.0' });

    // The day rollup holds the day's last reading.
    const daily = await t.db.select().from(metricDaily).where(eq(metricDaily.deliveryId, a!.id));
    expect(daily.find((d) => d.metric === 'post_total_media_view_unique')?.value).toBe(900);
    const vnToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(new Set(daily.map((d) => d.day))).toEqual(new Set([vnToday]));

    // No third reading once the cadence is over, and no job left for the channel.
    await new Promise((r) => setTimeout(r, 1500));
    expect(readings(await samplesOf(t.db, a!.id))).toHaveLength(2);
    const jobs = await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${`metrics:${channelId}`}`);
    expect(jobs).toHaveLength(0);
    // Batched: posts published within a reading's early window (10% of its offset) are read by
    // one run in one connector call; on a loaded machine the two publishes may land just outside
    // the 400 ms window of the first step, never outside the 800 ms one of the last.
    const runs = logs.filter((l) => l.includes('"msg":"metrics.collected"') && l.includes(channelId));
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(runs.at(-1)).toContain('"deliveries":2');
  });

  it('a retired insights name (#100) is dropped with a warning naming it; the other metrics are stored', async () => {
    const channelId = await pageChannel({ insightsMetrics: ['post_total_media_view_unique', 'post_impressions_unique', 'post_clicks'] });
    sim.state.insights.retired.add('post_impressions_unique');
    const [a] = await publishTwo(channelId);
    sim.state.insights.values.set(a!.externalId!, { post_total_media_view_unique: 75, post_clicks: 4 });
    await waitFor(async () => (await samplesOf(t.db, a!.id)).length > 0, 'the first reading', 15_000);
    const metrics = (await samplesOf(t.db, a!.id)).map((s) => s.metric);
    expect(metrics).toEqual(expect.arrayContaining(['post_total_media_view_unique', 'post_clicks', 'reactions', 'comments', 'shares']));
    expect(metrics).not.toContain('post_impressions_unique');
    const warned = logs.find((l) => l.includes('"level":40') && l.includes('post_impressions_unique') && l.includes(channelId));
    expect(warned).toBeDefined();
  });

  it('an expired token while reading changes nothing but the reading: logged, tried again at the next step', async () => {
    const channelId = await pageChannel();
    const [a, b] = await publishTwo(channelId);
    sim.failNext({ method: 'GET', route: `/${a!.externalId}`, error: { code: 190, subcode: 463, message: 'Error validating access token: Session has expired' } });
    const failed = await waitFor(async () => {
      const [row] = await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, a!.id));
      return row?.lastErrorCode ? row : null;
    }, 'the failed reading', 15_000);
    expect(failed.lastErrorCode).toBe('FB_190_463');
    expect(failed.step).toBe(1);
    expect((await samplesOf(t.db, b!.id)).length).toBe(0);
    expect((await deliveryRow(t.db, a!.id)).state).toBe('published');
    const [channel] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel!.status).toBe('connected');
    expect(logs.some((l) => l.includes('"msg":"metrics.collect_failed"') && l.includes('FB_190_463') && l.includes(channelId))).toBe(true);

    await waitFor(async () => (await scheduleRows(channelId)).length === 0, 'the next step', 20_000);
    expect((await samplesOf(t.db, a!.id)).length).toBeGreaterThan(0);
    expect((await samplesOf(t.db, b!.id)).length).toBeGreaterThan(0);
    expect(logs.join('')).not.toContain(sim.tokens.page);
  });

  it('YouTube out of daily quota: the reading is deferred to the Pacific-midnight reset at the same step, not failed', async () => {
    const yt = await startYoutubeSimulator();
    try {
      const channelId = await createPlatformChannel(t.db, secrets, {
        unitId: room.unitId,
        platform: 'youtube_channel',
        name: 'YouTube Con đường hướng thiện',
        // One Data API unit a day: the first reading (videos.list, 1 unit) spends it.
        settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, thumbnail: 'none', quotaUnitsPerDay: 1 },
        credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken },
      });
      const video = await storeMedia(t.db, storage, { unitId: room.unitId, userId: room.authorId, kind: 'video', mimeType: 'video/mp4', name: 'phong-su.mp4', bytes: videoBytes(64 * 1024) });
      const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300), mediaIds: [video] });
      const d = await waitForState(t.db, deliveryIds[0]!, 'published');
      yt.state.videos[0]!.statistics.views = 42;
      const deferred = await waitFor(async () => {
        const [row] = await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, d.id));
        return row?.lastErrorCode ? row : null;
      }, 'the deferred reading', 15_000);
      expect(deferred.lastErrorCode).toBe('YT_QUOTA_DEFERRED');
      expect(deferred.step).toBe(1);
      expect(deferred.nextAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
      expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(deferred.nextAt!)).toBe('00:00');
      expect((await samplesOf(t.db, d.id)).map((s) => [s.metric, s.value])).toContainEqual(['views', 42]);
      expect((await deliveryRow(t.db, d.id)).state).toBe('published');
    } finally {
      await yt.close();
    }
  });
});
