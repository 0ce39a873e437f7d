import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { deliveries } from './deliveries.ts';
import { users } from './org.ts';

/**
 * A manual delivery (commune Zalo group) opened as an officer's task: when its reminder
 * is due and when it went out. Delivery state itself stays in `deliveries`.
 */
export const manualTasks = pgTable(
  'manual_tasks',
  {
    deliveryId: uuid()
      .primaryKey()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    /** null: no reminder (the deadline is too close to the opening). */
    remindAt: timestamp({ withTimezone: true }),
    remindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('manual_tasks_remind_idx').on(t.remindAt)],
);

/**
 * Screenshot proof of a confirmed push. Kept apart from the media library on purpose: it
 * shows members of a citizens' group, so only the unit's managers may see it (core/manual/proofs.ts).
 */
export const manualProofs = pgTable('manual_proofs', {
  deliveryId: uuid()
    .primaryKey()
    .references(() => deliveries.id, { onDelete: 'cascade' }),
  storageKey: text().notNull(),
  /** Detected from magic bytes. */
  mimeType: text().notNull(),
  sizeBytes: integer().notNull(),
  sha256: text().notNull(),
  width: integer(),
  height: integer(),
  uploadedBy: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
