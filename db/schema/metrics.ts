import { bigint, bigserial, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.ts';
import { contentItems } from './content.ts';
import { deliveries } from './deliveries.ts';
import { media } from './media.ts';
import { users } from './org.ts';

/** One reading of one metric of one delivery, as the platform reported it at that time. */
export const metricSamples = pgTable(
  'metric_samples',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    /** Platform metric name as collected (see docs/METRICS.md for views/reach/engagement). */
    metric: text().notNull(),
    value: doublePrecision().notNull(),
    collectedAt: timestamp({ withTimezone: true }).notNull(),
    /** API and version that produced it, e.g. "graph v24.0", "youtube v3". */
    source: text().notNull(),
  },
  (t) => [index('metric_samples_delivery_metric_idx').on(t.deliveryId, t.metric, t.collectedAt)],
);

/** Daily rollup for reports: the last value seen per delivery, metric and Vietnam day. */
export const metricDaily = pgTable(
  'metric_daily',
  {
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    metric: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.metric, t.day] })],
);

/** Tracked short links (manual Zalo pushes, posters, QR codes). */
export const links = pgTable(
  'links',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    targetUrl: text().notNull(),
    itemId: uuid().references(() => contentItems.id, { onDelete: 'set null' }),
    deliveryId: uuid().references(() => deliveries.id, { onDelete: 'set null' }),
    channelId: uuid().references(() => channels.id, { onDelete: 'set null' }),
    label: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('links_code_key').on(t.code), index('links_delivery_idx').on(t.deliveryId)],
);

/** Human clicks per link per Vietnam day (no cookies, link-preview bots excluded). */
export const linkClicks = pgTable(
  'link_clicks',
  {
    linkId: uuid()
      .notNull()
      .references(() => links.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    clicks: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.day] })],
);

/** A commune officer's "đã đăng" for a manual delivery (a Zalo group push). */
export const manualConfirmations = pgTable('manual_confirmations', {
  deliveryId: uuid()
    .primaryKey()
    .references(() => deliveries.id, { onDelete: 'cascade' }),
  /** The officer who confirmed; null when a share-kit recipient (not a Loa user) confirmed through their secret link. */
  confirmedBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
  confirmedAt: timestamp({ withTimezone: true }).notNull(),
  permalink: text(),
  /** Screenshot proof; private to the unit's managers. */
  proofMediaId: uuid().references(() => media.id, { onDelete: 'set null' }),
  /** Group members at the moment of posting (reach estimate). */
  memberCount: integer(),
});
