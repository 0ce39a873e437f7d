import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { storeMetricSamples, type MetricSampleInput } from '../../core/metrics/store.ts';
import { createViewCounter } from '../../core/site/view-counter.ts';
import type { Platform } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { vnDay } from '../../server/site/format.ts';
import type { DemoSimulators } from './simulators.ts';

/** What the demo's audience did with one post, by metric as its platform's connector reads it (docs/METRICS.md). */
type Audience = Record<string, number>;

/** A modest commune-level audience per platform; each post gets a share of it, so reports rank them. */
const AUDIENCE: Partial<Record<Platform, Audience>> = {
  site: { views: 240 },
  facebook_page: { post_total_media_view_unique: 3200, reactions: 180, comments: 24, shares: 31, post_clicks: 95 },
  youtube_channel: { views: 1450, likes: 62, comments: 9 },
  wordpress: { comments: 3 },
};
const FB_VIDEO: Audience = { total_video_views: 2100, total_video_views_unique: 1500, reactions: 140, comments: 18 };

type Published = { delivery_id: string; platform: Platform; external_id: string | null; article_id: string | null; base_url: string | null; n: number };

/**
 * The demo's first metric reading of every published post, so a manager trying the reports
 * sees figures at once instead of "chưa có số liệu" until the collector's first step (an hour
 * after publishing). The same numbers go to where the collector reads them later — the
 * simulators' counters, the site's page views — so its readings carry on from these rather
 * than dropping to zero; the reading itself is stored as the collector stores one
 * (`storeMetricSamples`, which keeps the daily and report rollups). Returns the samples stored.
 */
export async function seedDemoReadings(deps: { db: Db; clock: Clock; log: Logger; sims: DemoSimulators }): Promise<number> {
  const rows = await deps.db.execute<Published>(sql`
    select d.id as delivery_id, c.platform, d.external_id, a.id as article_id, c.settings->>'baseUrl' as base_url,
      (row_number() over (order by d.published_at, d.id))::int as n
    from deliveries d
    join channels c on c.id = d.channel_id
    left join site_articles a on a.id::text = d.external_id and c.platform = 'site'
    where d.state = 'published'`);
  const now = deps.clock.now();
  const views = createViewCounter(deps.db, deps.log, 60_000);
  const samples: MetricSampleInput[] = [];
  for (const row of rows) {
    const audience = audienceOf(row, deps.sims);
    if (!audience) continue;
    // A post's share of its platform's audience: 0.55–1.45, the same on every run.
    const share = 0.55 + ((row.n * 37) % 91) / 100;
    const values = Object.fromEntries(Object.entries(audience).map(([metric, v]) => [metric, Math.round(v * share)]));
    if (row.platform === 'site' && row.article_id) {
      for (let i = 0; i < values.views!; i++) views.count(row.article_id, vnDay(now));
    }
    for (const [metric, value] of Object.entries(values)) samples.push({ deliveryId: row.delivery_id, metric, value, collectedAt: now, source: 'demo' });
    setPlatformCounters(row, values, deps.sims);
  }
  await views.close();
  return storeMetricSamples(deps.db, samples);
}

function audienceOf(row: Published, sims: DemoSimulators): Audience | null {
  if (row.platform === 'facebook_page' && sims.graph.state.videos.some((v) => v.id === row.external_id)) return FB_VIDEO;
  return AUDIENCE[row.platform] ?? null;
}

/** The simulated platforms count what the reading says, so the collector's next readings agree. */
function setPlatformCounters(row: Published, values: Audience, sims: DemoSimulators): void {
  const id = row.external_id;
  if (!id) return;
  if (row.platform === 'facebook_page') {
    const post = sims.graph.state.posts.find((p) => p.id === id) ?? sims.graph.state.videos.find((v) => v.id === id);
    if (!post) return;
    post.reactions = values.reactions ?? 0;
    post.comments = values.comments ?? 0;
    if ('shares' in post) post.shares = values.shares ?? 0;
    const { reactions: _r, comments: _c, shares: _s, ...insights } = values;
    sims.graph.state.insights.values.set(id, insights);
  } else if (row.platform === 'youtube_channel') {
    const video = sims.youtube.state.videos.find((v) => v.id === id);
    if (video) video.statistics = { ...video.statistics, views: values.views ?? 0, likes: values.likes ?? 0, comments: values.comments ?? 0 };
  } else if (row.platform === 'wordpress') {
    const wp = [sims.newspaper, sims.radioTv].find((s) => s.baseUrl === row.base_url);
    if (!wp) return;
    for (let i = 0; i < (values.comments ?? 0); i++) wp.state.comments.push({ id: wp.state.comments.length + 1, post: Number(id), status: 'approved' });
  }
}
