import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.ts';
import { deliveries } from './deliveries.ts';

/**
 * When each published delivery's metrics are read next (core/metrics/schedule.ts). A row is
 * added when a delivery becomes published and deleted after the last step of the cadence
 * (LOA_METRICS_CADENCE) or when the delivery leaves `published`.
 */
export const metricSchedule = pgTable(
  'metric_schedule',
  {
    deliveryId: uuid()
      .primaryKey()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Index into the cadence of the next reading. */
    step: integer().notNull().default(0),
    /** Due time of the next reading; null = not planned yet (the channel's job plans it). A claimed row holds a lease time here. */
    nextAt: timestamp({ withTimezone: true }),
    lastCollectedAt: timestamp({ withTimezone: true }),
    /** Code of the last failed reading (shown to admins; the cadence goes on regardless). */
    lastErrorCode: text(),
  },
  (t) => [index('metric_schedule_channel_next_idx').on(t.channelId, t.nextAt)],
);
