import type { ExternalRef, MetricSample, PublishContext } from '../contract.ts';
import { isObject, list, num, obj, str } from '../guards.ts';
import { pageCall } from './publish.ts';

export interface FacebookMetricsResult {
  samples: MetricSample[];
  /** Insights names Graph refused (#100) and that were left out; the channel settings should drop them. */
  droppedMetrics: string[];
  /**
   * Graph refused the insights themselves for want of permission (#10, #200–299): the token's
   * user lacks the Page's ANALYZE task (§1.7), which posting and counters do not need. Counters
   * were still stored; insights were not asked again in this run.
   */
  insightsRefused: boolean;
}

const READ_COUNTERS = { vi: 'đọc lượt tương tác của bài', en: 'reading the post counters' };
const READ_INSIGHTS = { vi: 'đọc số liệu thống kê của bài', en: 'reading the post insights' };
/** Marks "Graph refused this metric list" (#100) inside the bisection. */
const REFUSED = Object.freeze({ refused: true });
/** Marks "Graph refused insights to this token" (#10, #200–299). */
const NOT_ALLOWED = Object.freeze({ notAllowed: true });

/** A permission refusal (§1.8: 10, 200–299): for insights it is the missing ANALYZE task, not a broken channel. */
const isPermissionError = (code: number) => code === 10 || (code >= 200 && code <= 299);

/** Videos are published as video nodes (numeric id); feed and photo posts have `{page}_{post}` ids. */
function isVideo(ref: ExternalRef): boolean {
  return !ref.externalId.includes('_');
}

function insightSamples(entries: unknown[], base: Omit<MetricSample, 'metric' | 'value'>): MetricSample[] {
  const out: MetricSample[] = [];
  for (const entry of entries) {
    const name = str(entry, 'name');
    const values = list(entry, 'values');
    const value = isObject(values[values.length - 1]) ? (values[values.length - 1] as Record<string, unknown>).value : undefined;
    if (!name) continue;
    if (typeof value === 'number') out.push({ ...base, metric: name, value });
    // Breakdowns (reactions by type …) are stored per key, never summed into one figure.
    else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) if (typeof v === 'number') out.push({ ...base, metric: `${name}.${key}`, value: v });
    }
  }
  return out;
}

/**
 * Counters (reactions, comments, shares) and lifetime insights of published Page posts and
 * videos. Graph refuses a whole insights call (#100) when one name is retired: the list is
 * split in halves until the refused name is alone, which is dropped for the rest of the run
 * and reported; the other metrics are still stored. Insights refused for want of permission
 * (the ANALYZE task, §1.7) are left out for the run; the counters are still stored. A post
 * deleted on Facebook is skipped.
 */
export async function collectFacebookMetrics(refs: ExternalRef[], ctx: PublishContext): Promise<FacebookMetricsResult> {
  const p = pageCall(ctx);
  const source = `graph ${p.settings.apiVersion}`;
  const dropped = new Set<string>();
  const samples: MetricSample[] = [];
  let insightsRefused = false;

  async function insights(path: string, names: string[]): Promise<unknown[]> {
    if (names.length === 0 || insightsRefused) return [];
    const answer = await p.client.call<unknown>({
      method: 'GET',
      path,
      query: { metric: names.join(','), period: 'lifetime' },
      action: READ_INSIGHTS,
      recover: (e) => (e.code === 100 ? REFUSED : isPermissionError(e.code) ? NOT_ALLOWED : undefined),
    });
    if (answer === NOT_ALLOWED) {
      insightsRefused = true;
      ctx.log.warn({ code: 'FB_INSIGHTS_NOT_ALLOWED' }, 'Facebook refused insights to this token (the ANALYZE task on the Page is needed); counters only');
      return [];
    }
    if (answer !== REFUSED) return list(answer, 'data');
    if (names.length === 1) {
      dropped.add(names[0]!);
      ctx.log.warn({ unclassified: true, metric: names[0], path: path.replace(/^[^/]*/, '{id}') }, 'Facebook refused an insights metric (retired name?); dropped');
      return [];
    }
    const half = Math.ceil(names.length / 2);
    return [...(await insights(path, names.slice(0, half))), ...(await insights(path, names.slice(half)))];
  }

  for (const ref of refs) {
    const video = isVideo(ref);
    const counters = await p.client.call<unknown>({
      method: 'GET',
      path: ref.externalId,
      query: { fields: `reactions.summary(total_count).limit(0),comments.summary(true).limit(0)${video ? '' : ',shares'}` },
      action: READ_COUNTERS,
      recover: (e) => (e.code === 100 ? REFUSED : undefined),
    });
    if (counters === REFUSED) {
      ctx.log.info({ deliveryId: ref.deliveryId }, 'Facebook post no longer readable (deleted?); metrics skipped');
      continue;
    }
    const base = { deliveryId: ref.deliveryId, collectedAt: ctx.now(), source };
    const total = (field: string) => num(obj(obj(counters, field), 'summary'), 'total_count');
    for (const [metric, value] of [
      ['reactions', total('reactions')],
      ['comments', total('comments')],
      // Graph leaves `shares` out when nobody shared.
      ['shares', video ? undefined : (num(obj(counters, 'shares'), 'count') ?? 0)],
    ] as const) {
      if (value !== undefined) samples.push({ ...base, metric, value });
    }
    const wanted = (video ? p.settings.videoInsightsMetrics : p.settings.insightsMetrics).filter((m) => !dropped.has(m));
    samples.push(...insightSamples(await insights(`${ref.externalId}/${video ? 'video_insights' : 'insights'}`, wanted), base));
  }
  return { samples, droppedMetrics: [...dropped], insightsRefused };
}

