import type { ExternalRef, MetricSample, PublishContext } from '../contract.ts';
import { createYoutubeClient, VIDEOS_PER_LIST } from './client.ts';
import { count } from '../guards.ts';
import { projectBuckets, QUOTA_COST, type QuotaLedger } from './quota.ts';
import { parseYoutubeCredentials, parseYoutubeSettings } from './settings.ts';

/** Recorded with every sample: which API the numbers come from. */
export const METRICS_SOURCE = 'youtube v3';

/** Our metric name ← videos.list `statistics` counter (strings on the wire). */
const COUNTERS = { views: 'viewCount', likes: 'likeCount', comments: 'commentCount' } as const;

/**
 * Counters of published videos, up to 50 ids per videos.list call (1 unit each). A video that
 * is gone or no longer visible is simply absent from the answer, and so from the samples;
 * a counter YouTube hides (likes turned off) is left out rather than read as 0.
 */
export async function collectYoutubeMetrics(refs: ExternalRef[], ctx: PublishContext, ledger?: QuotaLedger): Promise<MetricSample[]> {
  if (refs.length === 0) return [];
  const settings = parseYoutubeSettings(ctx.channel.settings);
  const credentials = parseYoutubeCredentials(ctx.credentials);
  const client = createYoutubeClient(ctx, settings, credentials);
  const byVideo = new Map<string, ExternalRef[]>();
  for (const ref of refs) byVideo.set(ref.externalId, [...(byVideo.get(ref.externalId) ?? []), ref]);
  const ids = [...byVideo.keys()];
  const { units } = projectBuckets(credentials.clientId, settings);
  const samples: MetricSample[] = [];
  for (let i = 0; i < ids.length; i += VIDEOS_PER_LIST) {
    const deferral = (await ledger?.reserve(units, QUOTA_COST.list, ctx.now())) ?? null;
    if (deferral) throw deferral;
    const answer = await client.listVideos(ids.slice(i, i + VIDEOS_PER_LIST), ['statistics']);
    const collectedAt = ctx.now();
    for (const video of answer.items ?? []) {
      for (const ref of (video.id && byVideo.get(video.id)) || []) {
        for (const [metric, field] of Object.entries(COUNTERS)) {
          const value = count(video.statistics, field);
          if (value !== undefined) samples.push({ deliveryId: ref.deliveryId, metric, value, collectedAt, source: METRICS_SOURCE });
        }
      }
    }
  }
  return samples;
}
