import type { Messages } from '../../lib/errors.ts';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channelStatusEnum, platformEnum } from './enums.ts';
import { units, users } from './org.ts';

/** One account on one platform, owned by a unit. */
export const channels = pgTable(
  'channels',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    platform: platformEnum().notNull(),
    name: text().notNull(),
    status: channelStatusEnum().notNull().default('connected'),
    /** Non-secret settings: base URLs, page id, rate/quota rules, takedown mode … */
    settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM sealed JSON (lib/secrets.ts); never returned by the API. */
    credentialsSealed: text(),
    credentialsExpiresAt: timestamp({ withTimezone: true }),
    /** Outbound HTTP may reach loopback/private addresses (intranet portals, simulators). */
    allowPrivateNetwork: boolean().notNull().default(false),
    paused: boolean().notNull().default(false),
    pauseReason: text(),
    /** Why the channel last stopped as `needs_reconnect` (the notice people were sent); shown only while it is in that state. */
    reconnectReason: jsonb().$type<Messages>(),
    /** Members of a commune Zalo group, as last reported by its officer. */
    memberCount: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('channels_unit_idx').on(t.unitId)],
);

/** Named groups of channels ("all commune Zalo groups of unit X"). */
export const channelSets = pgTable('channel_sets', {
  id: uuid().primaryKey().defaultRandom(),
  unitId: uuid()
    .notNull()
    .references(() => units.id, { onDelete: 'restrict' }),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const channelSetMembers = pgTable(
  'channel_set_members',
  {
    setId: uuid()
      .notNull()
      .references(() => channelSets.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.setId, t.channelId] })],
);

/**
 * The commune officers who post into a manual Zalo group. When a group names any, only they
 * are told about its tasks; a group naming none tells every commune officer of its unit and above.
 */
export const channelOfficers = pgTable(
  'channel_officers',
  {
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] }), index('channel_officers_user_idx').on(t.userId)],
);
