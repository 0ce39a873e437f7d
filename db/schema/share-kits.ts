import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deliveries } from './deliveries.ts';
import { users } from './org.ts';

/**
 * The secret link a share-kit recipient (not a Loa user) opens to see their kit and confirm
 * where they shared it. Only the SHA-256 of the token is kept: the link is shown once to the
 * editor who issued it. Issuing again revokes the previous link; it stops working when revoked
 * or expired (it expires with the kit).
 */
export const shareKitLinks = pgTable(
  'share_kit_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    issuedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('share_kit_links_token_key').on(t.tokenHash), index('share_kit_links_delivery_idx').on(t.deliveryId)],
);
