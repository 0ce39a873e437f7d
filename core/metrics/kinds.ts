import { sql, type SQL } from 'drizzle-orm';
import { platforms, type Platform } from '../../lib/platforms.ts';

/**
 * What a platform metric counts as in Loa's reports (docs/METRICS.md). Figures of unlike
 * kinds are never added together: views are not reach, and clicks are shown beside both.
 * A metric missing from the table (a breakdown such as reactions by type) is kept as a
 * sample but counted in no figure.
 */
export const metricKinds = ['views', 'reach', 'engagement', 'clicks'] as const;
export type MetricKind = (typeof metricKinds)[number];

export type Figures = Record<MetricKind, number>;

/** Per platform: metric name as collected → the figure it is added to. */
export const PLATFORM_METRIC_KINDS: Record<Platform, Record<string, MetricKind>> = {
  facebook_page: {
    // Unique people who saw the post's media (the 2025 replacement of post_impressions_unique).
    post_total_media_view_unique: 'reach',
    // Non-unique views, when a channel asks for it in insightsMetrics.
    post_media_view: 'views',
    total_video_views: 'views',
    total_video_views_unique: 'reach',
    // Meta's "post engagements": reactions + comments + shares + clicks on the post.
    reactions: 'engagement',
    comments: 'engagement',
    shares: 'engagement',
    post_clicks: 'engagement',
  },
  // videos.list statistics: viewCount, likeCount, commentCount, stored as views, likes, comments.
  youtube_channel: {
    views: 'views',
    likes: 'engagement',
    comments: 'engagement',
  },
  zalo_oa: {},
  zalo_group_manual: {},
  share_kit: {},
  wordpress: { comments: 'engagement' },
  webhook: {},
  site: { views: 'views' },
};

/** Metrics that mean the same on every platform: Loa's tracked short links (Zalo pushes, posters, QR). */
export const ANY_PLATFORM_METRIC_KINDS: Record<string, MetricKind> = {
  link_clicks: 'clicks',
};

/** Every metric name that counts as some kind on some platform (the others are kept, never added up). */
export const COUNTED_METRICS: readonly string[] = [...new Set([...Object.keys(ANY_PLATFORM_METRIC_KINDS), ...Object.values(PLATFORM_METRIC_KINDS).flatMap((t) => Object.keys(t))])];

export function kindOf(platform: Platform, metric: string): MetricKind | null {
  return PLATFORM_METRIC_KINDS[platform][metric] ?? ANY_PLATFORM_METRIC_KINDS[metric] ?? null;
}

export function zeroFigures(): Figures {
  return { views: 0, reach: 0, engagement: 0, clicks: 0 };
}

/** The table as an SQL `VALUES` list `(platform, metric, kind)`, for joining in report queries. */
export function metricKindsValues(): SQL {
  const rows: SQL[] = [];
  for (const platform of platforms) {
    const table = { ...ANY_PLATFORM_METRIC_KINDS, ...PLATFORM_METRIC_KINDS[platform] };
    for (const [metric, kind] of Object.entries(table)) rows.push(sql`(${platform}::text, ${metric}::text, ${kind}::text)`);
  }
  return sql`(values ${sql.join(rows, sql`, `)})`;
}

/**
 * Per kind, `sum(value) filter (where kind = '…') as <kind>`: the kind columns of the channel rollups (rollup_channel_kinds,
 * rollup_carry_channel_kinds), where a kind no row is of stays null. `kind` is the SQL function loa_metric_kind(platform,
 * metric) (migration 0037), the table above written in SQL; kinds.test.ts keeps the two equal.
 */
export function kindSums(value: SQL, kind: SQL): SQL {
  return sql.join(
    metricKinds.map((k) => sql`sum(${value}) filter (where ${kind} = ${k}::text) as ${sql.identifier(k)}`),
    sql`, `,
  );
}
