import { sql, type SQL } from 'drizzle-orm';

/**
 * Upload lead: a channel whose platform schedules natively (YouTube `publishAt`, Facebook
 * `scheduled_publish_time`, WordPress `future`) may start its delivery this many minutes
 * before the due time (channel setting `publishLeadMinutes`), so a 2 GB video is uploaded
 * ahead and goes live on the platform at the due time itself instead of an upload later.
 * The connector decides from `post.publishAt` (still the due time) whether to schedule.
 */
export const MAX_LEAD_MINUTES = 7 * 24 * 60;

export function leadMs(settings: Record<string, unknown>): number {
  const minutes = Number(settings.publishLeadMinutes ?? 0);
  return Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, MAX_LEAD_MINUTES) * 60_000 : 0;
}

/** When the worker should start a delivery due at `dueAt` on a channel with `settings`. */
export function startAt(dueAt: Date, settings: Record<string, unknown>): Date {
  return new Date(dueAt.getTime() - leadMs(settings));
}

/** The same rule in SQL, for set-based enqueueing (`channel` is the channels row alias). */
export function startAtSql(dueAt: SQL, channelAlias: string): SQL {
  const raw = sql`(${sql.raw(channelAlias)}.settings->>'publishLeadMinutes')`;
  // A non-numeric setting counts as no lead, as leadMs does, rather than failing the approval.
  return sql`${dueAt} - make_interval(mins => least(case when ${raw} ~ '^[0-9]+(\.[0-9]+)?$' then ${raw}::numeric else 0 end, ${MAX_LEAD_MINUTES})::int)`;
}
