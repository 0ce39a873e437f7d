import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { revisions } from './content.ts';
import { deliveries } from './deliveries.ts';

/**
 * A newer approved revision to show on an object already published (issue 11 finding 4):
 * the `correct_delivery` task edits the delivery's post in place instead of publishing again.
 * `state`: pending → updating (leased) → done | failed | superseded (a newer approval took over).
 * `held`: the older revision's publish was still in flight at approval; it waits for that
 * delivery to settle (woken by a trigger on its state, migration 0021), then → pending (it
 * landed) | replaced (it never did: the revision got a normal delivery) | failed | superseded.
 */
export const deliveryCorrections = pgTable(
  'delivery_corrections',
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'restrict' }),
    /** held | pending | updating | done | failed | superseded | replaced */
    state: text().notNull().default('pending'),
    attemptCount: integer().notNull().default(0),
    /** When the next try may run (retries back off, holds wait). */
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    leaseOwner: text(),
    lastErrorCode: text(),
    /** Why it waits or failed, in Vietnamese, shown on the board. */
    lastErrorMessage: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('delivery_corrections_delivery_revision_key').on(t.deliveryId, t.revisionId),
    index('delivery_corrections_open_idx').on(t.leaseUntil).where(sql`${t.state} in ('pending', 'updating')`),
    index('delivery_corrections_held_idx').on(t.deliveryId).where(sql`${t.state} = 'held'`),
  ],
);
