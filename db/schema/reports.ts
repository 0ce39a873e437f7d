import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.ts';
import { contentItems } from './content.ts';
import { deliveries } from './deliveries.ts';
import { activityTypeEnum, platformEnum, reportStateEnum, themeEnum } from './enums.ts';
import { media } from './media.ts';
import { links } from './metrics.ts';
import { units, users } from './org.ts';

/**
 * Per delivery and metric: the first and last Vietnam day with a reading and the last day's
 * value (kept by core/metrics/store.ts with metric_daily). A period's figure of a delivery is
 * its last value when its last day falls inside the period (read from the rollups below),
 * otherwise the latest day inside the period, read from metric_daily for the few deliveries
 * whose readings span the period's end (core/reports/figures.ts).
 */
export const metricLast = pgTable(
  'metric_last',
  {
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    metric: text().notNull(),
    firstDay: date({ mode: 'string' }).notNull(),
    lastDay: date({ mode: 'string' }).notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.metric] })],
);

/**
 * Sums of metric_last values by the bucket (day, month, year) their last day falls in, per
 * channel, one column per kind (core/metrics/kinds.ts, in SQL loa_metric_kind): a kind is null
 * where no metric of it was ever summed in. `level` is day|month|year, `bucket` the first day of the bucket.
 * Metrics that count as no kind are left out. A report reads one row per channel and bucket.
 */
export const rollupChannelKinds = pgTable(
  'rollup_channel_kinds',
  {
    level: text().notNull(),
    bucket: date({ mode: 'string' }).notNull(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    views: doublePrecision(),
    reach: doublePrecision(),
    engagement: doublePrecision(),
    clicks: doublePrecision(),
  },
  (t) => [primaryKey({ columns: [t.level, t.bucket, t.channelId] })],
);

/**
 * The same per item and theme, for each unit at or above the channel's owner (so a unit's
 * item breakdown is one lookup, whatever the depth of its subtree). Rebuilt when a unit moves.
 */
export const rollupItemMetrics = pgTable(
  'rollup_item_metrics',
  {
    level: text().notNull(),
    bucket: date({ mode: 'string' }).notNull(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    theme: themeEnum().notNull(),
    platform: platformEnum().notNull(),
    metric: text().notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.bucket, t.unitId, t.itemId, t.theme, t.platform, t.metric] })],
);

/**
 * Month-end carries: per month end, the readings still being read after it (first reading
 * day on or before the month end, last after it), each delivery and metric's value of its
 * latest day up to the month end, summed by that day and by channel. A period
 * from a month's start to a month's end adds these to the rollups above instead of looking
 * each such delivery up in metric_daily (a year's end carries tens of thousands). Kept by
 * core/metrics/store.ts, rebuilt by loa_rebuild_report_rollups().
 */
export const rollupCarryChannel = pgTable(
  'rollup_carry_channel',
  {
    monthEnd: date({ mode: 'string' }).notNull(),
    /** The carried value's day: a week cut by a month's end (the trend's last) takes the carries of its own days. */
    valueDay: date({ mode: 'string' }).notNull(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    metric: text().notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.monthEnd, t.valueDay, t.channelId, t.metric] })],
);

/**
 * The channel carries again, by the month of the carried value's day and by kind (as rollup_channel_kinds): a period
 * from a month's start to a month's end (every calendar period) takes a channel's carries of its own months from here,
 * a row per channel and month where the carries by day hold one per day and metric (a province's year end: 3,003 rows
 * instead of 132,056).
 */
export const rollupCarryChannelKinds = pgTable(
  'rollup_carry_channel_kinds',
  {
    monthEnd: date({ mode: 'string' }).notNull(),
    valueMonth: date({ mode: 'string' }).notNull(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    views: doublePrecision(),
    reach: doublePrecision(),
    engagement: doublePrecision(),
    clicks: doublePrecision(),
  },
  (t) => [primaryKey({ columns: [t.monthEnd, t.valueMonth, t.channelId] })],
);

/** The same per item, theme and platform, for each unit at or above the channel's owner, by the month of the value's day. */
export const rollupCarryItem = pgTable(
  'rollup_carry_item',
  {
    monthEnd: date({ mode: 'string' }).notNull(),
    valueMonth: date({ mode: 'string' }).notNull(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    theme: themeEnum().notNull(),
    platform: platformEnum().notNull(),
    metric: text().notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.monthEnd, t.unitId, t.valueMonth, t.itemId, t.theme, t.platform, t.metric] })],
);

/**
 * The published deliveries on a platform Loa reads (core/reports/published.ts's READ_PLATFORMS) that were
 * not read on their publishing day: the few a report's "k lượt chưa có số liệu" can come from, by
 * publishing time, so a report finds them in one range scan instead of probing each channel of its
 * subtree. Kept by row triggers on deliveries that fire only when the publishing time, the first
 * reading day or the channel changes (migration 0028), rebuilt by loa_rebuild_report_rollups().
 */
export const reportUnread = pgTable(
  'report_unread',
  {
    deliveryId: uuid()
      .primaryKey()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('report_unread_published_idx').on(t.publishedAt)],
);

/**
 * Deliveries published, by the bucket (day, month, year) of their Vietnam publishing day, per
 * channel. Kept through report_published_queue (migration 0031), rebuilt by loa_rebuild_report_rollups().
 */
export const rollupChannelPublished = pgTable(
  'rollup_channel_published',
  {
    level: text().notNull(),
    bucket: date({ mode: 'string' }).notNull(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    deliveries: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.bucket, t.channelId] })],
);

/**
 * Publications not yet counted in the published rollups: one row per delivery whose publication
 * appeared (n = 1) or went (n = -1), written by row triggers on deliveries (migration 0031) so the
 * worker's record statement does not upsert six rollup rows per delivery. loa_drain_report_queues()
 * applies them set-based and empties the queue; every report read drains first, and a worker job
 * drains every minute. No keys: rows only ever go in and are taken out whole.
 */
export const reportPublishedQueue = pgTable('report_published_queue', {
  channelId: uuid().notNull(),
  itemId: uuid().notNull(),
  revisionId: uuid().notNull(),
  publishedAt: timestamp({ withTimezone: true }).notNull(),
  n: integer().notNull(),
});

/** The same per item, theme (of the revision published) and platform, for each unit at or above the channel's owner. */
export const rollupItemPublished = pgTable(
  'rollup_item_published',
  {
    level: text().notNull(),
    bucket: date({ mode: 'string' }).notNull(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    theme: themeEnum().notNull(),
    platform: platformEnum().notNull(),
    deliveries: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.bucket, t.unitId, t.itemId, t.theme, t.platform] })],
);

/**
 * For the weekly trend: per unit (every unit at or above the channel's owner), Monday-to-Sunday
 * week, platform and metric, the sum over deliveries of the value of their latest reading day
 * in that week — the week's figure as a period of its own, read in one lookup per report.
 */
export const rollupWeekMetrics = pgTable(
  'rollup_week_metrics',
  {
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    week: date({ mode: 'string' }).notNull(),
    platform: platformEnum().notNull(),
    metric: text().notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.week, t.platform, t.metric] })],
);

/**
 * Deliveries by the Vietnam day they are due, per item, for each unit at or above the channel's
 * owner: `due` counts those not cancelled (any platform: the items a report lists); the others
 * count the pushes into commune groups (core/manual/compliance.ts's states), the members the
 * officers recorded for the done ones and the clicks on their tracked links. Kept by triggers
 * on deliveries, manual_confirmations and link_clicks through report_push_queue (migration 0034), rebuilt by
 * loa_rebuild_report_rollups().
 */
export const rollupUnitPushes = pgTable(
  'rollup_unit_pushes',
  {
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    due: integer().notNull(),
    pushes: integer().notNull(),
    onTime: integer().notNull(),
    late: integer().notNull(),
    missed: integer().notNull(),
    awaiting: integer().notNull(),
    scheduled: integer().notNull(),
    cancelled: integer().notNull(),
    reach: doublePrecision().notNull(),
    clicks: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.day, t.itemId] })],
);

/**
 * Commune coverage: pushes of an item done (published or taken down) in the groups of a commune
 * or of the units below it, by due day, for the commune and every unit above it. Kept and rebuilt
 * with rollup_unit_pushes.
 */
export const rollupUnitCoverage = pgTable(
  'rollup_unit_coverage',
  {
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    communeId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    received: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.day, t.itemId, t.communeId] }),
    // A unit's received pairs in (item, commune) order, index only: a long period's distinct pairs (a province-year:
    // 33,434) come out of it sorted, counted per item as they stream, instead of hashed from the rows of its days.
    index('rollup_unit_coverage_pairs_idx').on(t.unitId, t.itemId, t.communeId, t.day).where(sql`received > 0`),
  ],
);

/**
 * Changes not yet counted in rollup_unit_pushes and rollup_unit_coverage: loa_add_pushes's arguments, one row per
 * delivery (n = 1 or -1, or 0 with reach and clicks only), written by the triggers of migration 0026, which now only
 * queue (migration 0034) so a fan-out's insert and the worker's record do not upsert rollups. Drained with
 * report_published_queue by loa_drain_report_queues(). No keys: rows only ever go in and are taken out whole.
 */
export const reportPushQueue = pgTable('report_push_queue', {
  channelId: uuid().notNull(),
  itemId: uuid().notNull(),
  dueAt: timestamp({ withTimezone: true }).notNull(),
  state: text().notNull(),
  late: boolean().notNull(),
  reach: doublePrecision().notNull(),
  clicks: doublePrecision().notNull(),
  n: integer().notNull(),
});

/** Outreach that is not an online post: a radio programme, a loudspeaker broadcast, posters … */
export const activities = pgTable(
  'activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    type: activityTypeEnum().notNull(),
    /** Vietnam day it took place. */
    occurredOn: date({ mode: 'string' }).notNull(),
    title: text().notNull(),
    /** Broadcasts, copies, sessions … in the unit the type counts. */
    quantity: integer().notNull(),
    /** People the unit estimates it reached; never added to online reach. */
    estimatedAudience: integer(),
    proofMediaId: uuid().references(() => media.id, { onDelete: 'set null' }),
    itemId: uuid().references(() => contentItems.id, { onDelete: 'set null' }),
    linkId: uuid().references(() => links.id, { onDelete: 'set null' }),
    note: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('activities_unit_day_idx').on(t.unitId, t.occurredOn)],
);

/** The editable parts of a report (Decree 30/2020 layout); figures come from the data. */
export interface ReportNarrative {
  number: string;
  place: string;
  summary: string;
  results: string;
  shortcomings: string;
  nextSteps: string;
  recipients: string[];
  signerTitle: string;
  signerName: string;
}

/** Weights of the commendation ranking (core/reports/ranking.ts). */
export type RankingWeights = Record<'onTime' | 'coverage' | 'engagement' | 'activities', number>;

/** A unit's report for a period, from draft to the parent's receipt. */
export const unitReports = pgTable(
  'unit_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    periodKind: text().notNull(),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    state: reportStateEnum().notNull().default('draft'),
    narrative: jsonb().$type<ReportNarrative>().notNull(),
    weights: jsonb().$type<RankingWeights>().notNull(),
    /** Figures, weights and narrative frozen at submission (null while a draft). */
    snapshot: jsonb().$type<Record<string, unknown>>(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    returnComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unit_reports_unit_period_key').on(t.unitId, t.periodFrom, t.periodTo),
    index('unit_reports_state_idx').on(t.state).where(sql`state <> 'draft'`),
  ],
);
