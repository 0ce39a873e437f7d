import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { channelSets, channels } from './channels.ts';
import { decisionEnum, revisionStateEnum, themeEnum } from './enums.ts';
import { units, users } from './org.ts';

export const contentItems = pgTable(
  'content_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    slug: text().notNull(),
    /** The newest revision (draft or not). */
    latestRevisionId: uuid().references((): AnyPgColumn => revisions.id),
    /** The revision now approved for publishing, if any. */
    approvedRevisionId: uuid().references((): AnyPgColumn => revisions.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('content_items_slug_key').on(t.slug), index('content_items_unit_idx').on(t.unitId)],
);

export interface ContentLink {
  url: string;
  label?: string;
}

/** Per-channel text overrides: keys are platforms or channel ids. */
export type ChannelOverrides = Record<string, { title?: string; body?: string; hashtags?: string[] }>;

/** Everything that will go out. Immutable once submitted (core/content enforces it). */
export const revisions = pgTable(
  'revisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    state: revisionStateEnum().notNull().default('draft'),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** Everyone who wrote into this revision (the author first); none of them may approve it. */
    contributorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    title: text().notNull(),
    summary: text().notNull().default(''),
    body: text().notNull(),
    theme: themeEnum().notNull(),
    links: jsonb().$type<ContentLink[]>().notNull().default([]),
    mediaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    hashtags: text().array().notNull().default(sql`'{}'::text[]`),
    overrides: jsonb().$type<ChannelOverrides>().notNull().default({}),
    /**
     * Set on answers to a citizen's question (core/questions): the question as it will be
     * published, edited by the officer from the raw one and approved with the answer.
     */
    question: text(),
    /** Default publish time for targets without their own. */
    publishAt: timestamp({ withTimezone: true }),
    /** After this instant the approval lapses and unstarted deliveries are cancelled. */
    expiresAt: timestamp({ withTimezone: true }),
    /** Per-channel renderings frozen at approval (channel id → rendered post). */
    frozenRenderings: jsonb().$type<Record<string, unknown>>(),
    templateVersion: text(),
    submittedAt: timestamp({ withTimezone: true }),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('revisions_item_number_key').on(t.itemId, t.number),
    index('revisions_state_idx').on(t.state),
    // What deliveries' (revision_id, item_id) foreign key refers to.
    uniqueIndex('revisions_id_item_key').on(t.id, t.itemId),
  ],
);

/** Target channels and times belong to the revision and are approved with it. */
export const revisionTargets = pgTable(
  'revision_targets',
  {
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'cascade' }),
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'restrict' }),
    /** Set when the target came from a channel set, so the UI can show it. */
    viaSetId: uuid().references(() => channelSets.id, { onDelete: 'set null' }),
    publishAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.channelId] })],
);

/** Consent of a person shown in content (testimonies): scope and validity. */
export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    personName: text().notNull(),
    /** What the person agreed to, e.g. "ảnh, tên, câu chuyện trên mọi kênh". */
    scope: text().notNull(),
    /** Platforms the consent covers; empty = all. */
    platforms: text().array().notNull().default(sql`'{}'::text[]`),
    grantedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    withdrawnAt: timestamp({ withTimezone: true }),
    withdrawReason: text(),
    documentMediaId: uuid(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consents_unit_idx').on(t.unitId)],
);

/** The people a revision shows, each needing a valid consent. */
export const revisionConsents = pgTable(
  'revision_consents',
  {
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'cascade' }),
    consentId: uuid()
      .notNull()
      .references(() => consents.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.consentId] }), index('revision_consents_consent_idx').on(t.consentId)],
);

export const approvals = pgTable(
  'approvals',
  {
    id: uuid().primaryKey().defaultRandom(),
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'cascade' }),
    decision: decisionEnum().notNull(),
    comment: text().notNull().default(''),
    decidedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('approvals_revision_idx').on(t.revisionId)],
);
