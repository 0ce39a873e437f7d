import { deferralReason } from '../deferral-reason.ts';
import { Deferral } from '../contract.ts';

/** YouTube's quota day ends at midnight Pacific time, DST included (platform-apis.md §2.6). */
export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

/**
 * Costs since 2026-06-01 (§2.6): videos.insert has its own bucket of calls; everything else
 * takes units from the shared pool. Every request costs, even a refused one.
 */
export const QUOTA_COST = {
  insert: 1,
  thumbnailsSet: 50,
  list: 1,
  update: 50,
  delete: 50,
} as const;

export type QuotaBucketKind = 'uploads' | 'units';

/** One daily allowance of one Google Cloud project (keyed by its OAuth client id). */
export interface QuotaBucket {
  /** Stable key a persisted ledger stores counts under, e.g. `youtube:<clientId>:uploads`. */
  id: string;
  kind: QuotaBucketKind;
  limitPerDay: number;
}

/**
 * Counts what Loa spent of a bucket during the current Pacific day. The worker's ledger lives
 * in Postgres (one row per bucket and `pacificDay(now)`, shared by every worker process); the
 * in-memory one serves unit tests. `reserve` must be atomic: concurrent callers never take
 * more than `limitPerDay` between them.
 */
export interface QuotaLedger {
  /** Takes `units` from today's allowance; a Deferral to the next reset when they do not fit (nothing taken). */
  reserve(bucket: QuotaBucket, units: number, now: Date): Promise<Deferral | null>;
  /** YouTube said the bucket is spent (403 quotaExceeded): nothing more is reserved before the reset. */
  exhaust(bucket: QuotaBucket, now: Date): Promise<void>;
}

/**
 * The two allowances of the Google Cloud project behind a channel. Quota belongs to the
 * project (its OAuth client), so channels sharing a client share the buckets.
 */
export function projectBuckets(clientId: string, limits: { quotaUploadsPerDay: number; quotaUnitsPerDay: number }): Record<QuotaBucketKind, QuotaBucket> {
  return {
    uploads: { id: `youtube:${clientId}:uploads`, kind: 'uploads', limitPerDay: limits.quotaUploadsPerDay },
    units: { id: `youtube:${clientId}:units`, kind: 'units', limitPerDay: limits.quotaUnitsPerDay },
  };
}

function wallClock(at: Date, timeZone: string): { y: number; m: number; d: number; offsetMs: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const y = get('year');
  const m = get('month');
  const d = get('day');
  const asUtc = Date.UTC(y, m - 1, d, get('hour'), get('minute'), get('second'));
  return { y, m, d, offsetMs: asUtc - Math.floor(at.getTime() / 1000) * 1000 };
}

/** The quota day `now` falls in, as `YYYY-MM-DD` of Pacific time. */
export function pacificDay(now: Date): string {
  const { y, m, d } = wallClock(now, QUOTA_TIME_ZONE);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The next midnight in Los Angeles after `now` (UTC 07:00 in summer, 08:00 in winter). */
export function nextPacificMidnight(now: Date): Date {
  const { y, m, d } = wallClock(now, QUOTA_TIME_ZONE);
  const midnightAsUtc = Date.UTC(y, m - 1, d + 1);
  // The offset at the guess, then at the corrected instant: midnight is never inside a DST jump (those are at 02:00).
  let at = midnightAsUtc - wallClock(new Date(midnightAsUtc), QUOTA_TIME_ZONE).offsetMs;
  at = midnightAsUtc - wallClock(new Date(at), QUOTA_TIME_ZONE).offsetMs;
  return new Date(at);
}

const bucketNames = {
  uploads: { vi: 'lượt tải video lên', en: 'video uploads' },
  units: { vi: 'đơn vị hạn mức API', en: 'API quota units' },
} as const;

/** Why a publish waits for the quota reset, with the reset time shown in Vietnam time. */
export function quotaDeferral(bucket: QuotaBucket, now: Date): Deferral {
  const resetAt = nextPacificMidnight(now);
  const name = bucketNames[bucket.kind];
  return new Deferral(
    resetAt,
    deferralReason(
      {
        vi: `Đã dùng hết hạn mức YouTube trong ngày (${bucket.limitPerDay} ${name.vi}), hạn mức được cấp lại lúc 0 giờ theo giờ Thái Bình Dương`,
        en: `YouTube's daily quota is spent (${bucket.limitPerDay} ${name.en}), it resets at midnight Pacific time`,
      },
      resetAt,
      { vi: 'đăng', en: 'publish' },
    ),
    'YT_QUOTA_DEFERRED',
  );
}

/** A ledger in process memory (unit tests): counts live as long as the process and are not shared. */
export function createMemoryQuotaLedger(): QuotaLedger & { used(bucket: QuotaBucket, now: Date): number } {
  const spent = new Map<string, number>();
  const key = (bucket: QuotaBucket, now: Date) => `${bucket.id}@${pacificDay(now)}`;
  return {
    async reserve(bucket, units, now) {
      const k = key(bucket, now);
      const used = spent.get(k) ?? 0;
      if (used + units > bucket.limitPerDay) return quotaDeferral(bucket, now);
      spent.set(k, used + units);
      return null;
    },
    async exhaust(bucket, now) {
      spent.set(key(bucket, now), bucket.limitPerDay);
    },
    used(bucket, now) {
      return spent.get(key(bucket, now)) ?? 0;
    },
  };
}
