import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './org.ts';

/** Every state change and every security-relevant action: who, when, what. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** null for the system (workers, sweeps). */
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** user | token | system | cli */
    actorKind: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    unitId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_at_idx').on(t.at)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** delivery_failed | needs_reconnect | unconfirmed | approval_waiting | … */
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    /** The same texts in English, for users whose locale is `en` (null: only Vietnamese was written). */
    titleEn: text(),
    bodyEn: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    readAt: timestamp({ withTimezone: true }),
    emailedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/** Installation-wide switches such as the publishing freeze. */
export const systemSettings = pgTable('system_settings', {
  key: text().primaryKey(),
  value: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid(),
});

/** Written by a queued job, so a worker whose slots are all stuck stops refreshing it. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text().primaryKey(),
  hostname: text().notNull(),
  pid: text().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull(),
});
