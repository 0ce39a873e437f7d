import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roleEnum, unitKindEnum } from './enums.ts';

/** Units form a tree of any depth; the administrative map changes, so no fixed levels. */
export const units = pgTable(
  'units',
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => units.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    /** province, department, district, commune, team or unit (reports count `commune` units). */
    kind: unitKindEnum().notNull().default('unit'),
    code: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('units_parent_idx').on(t.parentId), uniqueIndex('units_code_key').on(t.code)],
);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text(),
    locale: text().notNull().default('vi'),
    disabled: boolean().notNull().default(false),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    zaloUserId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/** A role held on a unit covers that unit's whole subtree. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('memberships_user_unit_role_key').on(t.userId, t.unitId, t.role), index('memberships_unit_idx').on(t.unitId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the cookie itself is never stored. */
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable('api_tokens', {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  /** First characters of the token, shown so users can tell tokens apart. */
  prefix: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  /** `read`: GET/HEAD only; `write`: everything its owner's roles allow (core/auth/api-token-scope.ts). */
  scope: text().$type<'read' | 'write'>().notNull().default('read'),
  /** Every token expires; tokens made before scopes existed got 90 days from the migration. */
  expiresAt: timestamp({ withTimezone: true }).notNull().default(sql`now() + interval '90 days'`),
});

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    ip: text().notNull(),
    email: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

/** One-time link that lets the first admin set up an empty installation. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text().primaryKey(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
});

/**
 * One-time password reset link an admin issued for a user (core/auth/password-reset.ts);
 * only the sha256 of the link's secret is stored.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);
