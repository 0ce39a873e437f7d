import { sql } from 'drizzle-orm';
import { boolean, date, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.ts';
import { revisions } from './content.ts';
import { deliveryStateEnum, errorKindEnum } from './enums.ts';

/**
 * One approved revision to one channel: the unit of publishing work.
 * `state` is written only by core/deliveries' transition function.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    // Time-ordered (UUIDv7, migration 0022): the 10,000 rows of one approval, and their audit rows keyed by
    // this id, go to one end of each index instead of 10,000 random pages.
    id: uuid().primaryKey().default(sql`loa_uuidv7()`),
    // Both checked by one foreign key (below): the item is the revision's.
    revisionId: uuid().notNull(),
    itemId: uuid().notNull(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'restrict' }),
    state: deliveryStateEnum().notNull().default('scheduled'),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    /** Deferred: not before this instant, because `holdReason`. */
    notBefore: timestamp({ withTimezone: true }),
    /** Why the delivery is waiting (deferral, freeze, pause, reconnect), shown to users. */
    holdReason: text(),
    attemptCount: integer().notNull().default(0),
    leaseUntil: timestamp({ withTimezone: true }),
    leaseOwner: text(),
    /** Platform ids of completed steps of a multi-step publish (never repeated on retry). */
    progress: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    externalId: text(),
    externalUrl: text(),
    publishedAt: timestamp({ withTimezone: true }),
    /** Confirmed after its deadline (manual channels). */
    late: boolean().notNull().default(false),
    /** Vietnam day of its first metric reading, null until read (kept by core/metrics/store.ts; reports' "chưa có số liệu"). */
    firstReadDay: date({ mode: 'string' }),
    /** Deadline for manual channels (awaiting_officer → missed). */
    deadlineAt: timestamp({ withTimezone: true }),
    lastErrorKind: errorKindEnum(),
    lastErrorCode: text(),
    lastErrorMessage: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One check per row instead of one for the revision and one for the item (10,000 each in a fan-out).
    foreignKey({ name: 'deliveries_revision_item_fk', columns: [t.revisionId, t.itemId], foreignColumns: [revisions.id, revisions.itemId] }).onDelete('restrict'),
    uniqueIndex('deliveries_revision_channel_key').on(t.revisionId, t.channelId),
    index('deliveries_channel_idx').on(t.channelId),
    index('deliveries_item_idx').on(t.itemId),
    // Reports count what was published in a period.
    index('deliveries_published_idx').on(t.publishedAt, t.channelId, t.itemId).where(sql`${t.publishedAt} is not null`),
    index('deliveries_due_idx').on(t.dueAt).where(sql`${t.state} in ('scheduled', 'retrying')`),
    index('deliveries_lease_idx').on(t.leaseUntil).where(sql`${t.state} = 'publishing'`),
    // The sweep (every 15 s in every worker) looks for these few rows; without it each look read the whole table.
    index('deliveries_unsettled_idx').on(t.state).where(sql`${t.state} in ('processing', 'unconfirmed', 'needs_reconnect')`),
  ],
);

/** Every try, append-only: time, duration, outcome, kind, platform code, redacted excerpt. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    durationMs: integer(),
    /** published | processing | deferred | error | unconfirmed | abandoned */
    outcome: text(),
    errorKind: errorKindEnum(),
    errorCode: text(),
    platformCode: text(),
    excerpt: text(),
    worker: text(),
  },
  (t) => [index('delivery_attempts_delivery_idx').on(t.deliveryId)],
);
