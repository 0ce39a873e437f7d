import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * What Loa spent of a platform's daily allowance (core/quota/ledger.ts), shared by every worker
 * process. One row per bucket and quota day; the day is the platform's own (YouTube: Pacific
 * `YYYY-MM-DD`), so a new day simply starts a new row and old rows are history.
 */
export const quotaUsage = pgTable(
  'quota_usage',
  {
    /** e.g. `youtube:<OAuth client id>:uploads` (connectors/youtube/quota.ts projectBuckets). */
    bucketId: text().notNull(),
    day: text().notNull(),
    used: integer().notNull().default(0),
    /** The platform said the allowance is spent (whatever `used` says): nothing more that day. */
    exhausted: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.bucketId, t.day] })],
);
