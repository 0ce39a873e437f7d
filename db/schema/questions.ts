import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contentItems } from './content.ts';
import { themeEnum } from './enums.ts';
import { units, users } from './org.ts';

/**
 * `new` waits for a moderator; `answering` has an answer item being written or approved;
 * `answered` has its answer on the site (the asker is about to be told); `closed` is final
 * and has no personal data left (contact and name erased, Decree 13/2023).
 */
export const questionStatuses = ['new', 'answering', 'answered', 'closed'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];
export const questionStatusEnum = pgEnum('question_status', questionStatuses);

export const questionCloseReasons = ['answered', 'dismissed', 'spam'] as const;
export type QuestionCloseReason = (typeof questionCloseReasons)[number];

/** Personal data spotted in a question's text, shown to the moderator, never published by default. */
export interface PersonalDataFlag {
  kind: 'phone' | 'id_number' | 'email' | 'address';
  /** The text as found, so the moderator sees what to leave out. */
  text: string;
}

/**
 * A citizen's question from the public site ("Hỏi – đáp"), asked without an account. The
 * raw text is never published: the answer item carries an edited question (revisions.question).
 */
export const questions = pgTable(
  'questions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The unit whose moderators handle it: the one the citizen chose, else the theme's. */
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    /** Whether the citizen chose the unit (else it came from the theme routing). */
    unitChosen: text().$type<'citizen' | 'theme'>().notNull(),
    theme: themeEnum().notNull(),
    body: text().notNull(),
    askerName: text(),
    /** E-mail or phone, used only to tell the asker the answer is out; erased at close. */
    contact: text(),
    personalData: jsonb().$type<PersonalDataFlag[]>().notNull().default([]),
    /** The folded text, to refuse the same question sent twice. */
    fingerprint: text().notNull(),
    status: questionStatusEnum().notNull().default('new'),
    answerItemId: uuid().references(() => contentItems.id, { onDelete: 'set null' }),
    closeReason: text().$type<QuestionCloseReason>(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    answeredAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    closedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('questions_queue_idx').on(t.unitId, t.status, t.createdAt),
    index('questions_fingerprint_idx').on(t.fingerprint, t.createdAt),
    uniqueIndex('questions_answer_item_key').on(t.answerItemId),
    index('questions_answered_idx').on(t.answeredAt).where(sql`${t.status} = 'answered'`),
  ],
);

/** Where questions of a theme go when the citizen chose no unit (default: the root unit). */
export const questionRouting = pgTable('question_routing', {
  theme: themeEnum().primaryKey(),
  unitId: uuid()
    .notNull()
    .references(() => units.id, { onDelete: 'cascade' }),
  updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
