import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channels } from './channels.ts';
import { users } from './org.ts';

/**
 * A connect flow waiting for its person to choose (the Facebook Page, the YouTube channel):
 * what the platform granted, sealed (lib/secrets.ts), for a few minutes. The tokens stay here,
 * never in a cookie or the browser; only the person and session that started may finish it.
 */
export const oauthChoices = pgTable(
  'oauth_choices',
  {
    id: uuid().primaryKey().defaultRandom(),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** sha256 of the session that started the flow (server/routes/oauth/state.ts). */
    sessionHash: text().notNull(),
    /** Sealed JSON: the options offered and the grant behind them. */
    sealed: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_choices_expires_idx').on(t.expiresAt)],
);
