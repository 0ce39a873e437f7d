import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { type PersonalDataFlag, type QuestionCloseReason, type QuestionStatus, questions, type Theme, units } from '../../db/schema/index.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { createItem } from '../content/create-item.ts';
import type { TargetInput } from '../content/input.ts';
import { loadCaller } from '../content/permissions.ts';
import { assertAllowedOnUnit, requireGrantRoots } from '../org/access.ts';
import { decodeCursor, type Page, toPage } from '../org/pagination.ts';
import { subtreeUnitIds } from '../units.ts';
import { maskPersonalData } from './personal-data.ts';

/** What a moderator sees. The contact itself is not shown: only that one exists, and its kind. */
export interface QuestionView {
  id: string;
  unitId: string;
  unitName: string;
  unitChosen: 'citizen' | 'theme';
  theme: Theme;
  body: string;
  askerName: string | null;
  contactKind: 'email' | 'phone' | null;
  personalData: PersonalDataFlag[];
  /** The question with personal data masked: the default text to publish with the answer. */
  suggestedQuestion: string;
  status: QuestionStatus;
  answerItemId: string | null;
  closeReason: QuestionCloseReason | null;
  createdAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
}

const columns = {
  id: questions.id,
  unitId: questions.unitId,
  unitName: units.name,
  unitChosen: questions.unitChosen,
  theme: questions.theme,
  body: questions.body,
  askerName: questions.askerName,
  contact: questions.contact,
  personalData: questions.personalData,
  status: questions.status,
  answerItemId: questions.answerItemId,
  closeReason: questions.closeReason,
  createdAt: questions.createdAt,
  answeredAt: questions.answeredAt,
  closedAt: questions.closedAt,
};
type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | ((typeof columns)[K]['_']['notNull'] extends true ? never : null) };

function view(r: Row): QuestionView {
  const { contact, ...rest } = r;
  return {
    ...rest,
    contactKind: contact ? (contact.includes('@') ? 'email' : 'phone') : null,
    suggestedQuestion: maskPersonalData(r.body, r.personalData),
  };
}

const questionWord = { vi: 'câu hỏi', en: 'Question' };

/** The moderation queue: questions of the units under the caller's `question.moderate` grants, newest first. */
export async function listQuestions(db: Db, actor: Actor, filter: { status?: QuestionStatus; unitId?: string; limit: number; cursor?: string }): Promise<Page<QuestionView>> {
  const { roots } = await requireGrantRoots(db, actor, 'question.moderate');
  let unitIds = await subtreeUnitIds(db, roots);
  if (filter.unitId) {
    await assertAllowedOnUnit(db, actor, 'question.moderate', filter.unitId, 'querystring:/unitId');
    unitIds = await subtreeUnitIds(db, [filter.unitId]);
  }
  let after: SQL | undefined;
  if (filter.cursor) {
    const [at, id] = decodeCursor(filter.cursor, ['time', 'uuid'] as const);
    const when = new Date(at);
    after = or(lt(questions.createdAt, when), and(eq(questions.createdAt, when), lt(questions.id, id)));
  }
  const rows = await db
    .select(columns)
    .from(questions)
    .innerJoin(units, eq(units.id, questions.unitId))
    .where(and(inArray(questions.unitId, unitIds), filter.status ? eq(questions.status, filter.status) : undefined, after))
    .orderBy(desc(questions.createdAt), desc(questions.id))
    .limit(filter.limit + 1);
  return toPage(rows as Row[], filter.limit, view, (r) => [r.createdAt.toISOString(), r.id]);
}

async function loadForModeration(q: Queryable, actor: Actor, id: string, lock = false): Promise<Row> {
  const query = q.select(columns).from(questions).innerJoin(units, eq(units.id, questions.unitId)).where(eq(questions.id, id));
  const [row] = lock ? await query.for('update', { of: questions }) : await query;
  if (!row) throw notFound(questionWord);
  await assertAllowedOnUnit(q, actor, 'question.moderate', row.unitId);
  return row as Row;
}

export async function getQuestion(db: Db, actor: Actor, id: string): Promise<QuestionView> {
  return view(await loadForModeration(db, actor, id));
}

export interface AnswerInput {
  title: string;
  /** The question as it will be published; default: the raw one with personal data masked. */
  question?: string;
  body: string;
  theme?: Theme;
  summary?: string;
  targets?: TargetInput[];
}

/**
 * Starts the answer: an ordinary content item (draft, by the caller, in the question's unit)
 * whose revision carries the edited question. From here it goes through submit, approval
 * and deliveries like any item; publication on the site marks the question answered.
 */
export async function composeAnswer(db: Db, actor: Actor, id: string, input: AnswerInput): Promise<{ itemId: string; question: QuestionView }> {
  return db.transaction(async (tx) => {
    const row = await loadForModeration(tx, actor, id, true);
    if (row.status === 'closed') throw conflict('QUESTION_CLOSED', { vi: 'Câu hỏi đã đóng', en: 'The question is closed' });
    if (row.answerItemId) {
      throw conflict('QUESTION_ALREADY_ANSWERING', { vi: 'Câu hỏi đã có bài trả lời; hãy sửa bài đó', en: 'The question already has an answer item; edit that one' });
    }
    const question = (input.question ?? maskPersonalData(row.body, row.personalData)).trim();
    if (!question) throw new AppError('QUESTION_TEXT_REQUIRED', 422, { vi: 'Cần nội dung câu hỏi để đăng', en: 'The published question needs a text' }, '/question');
    const caller = await loadCaller(tx, actor);
    const { item } = await createItem(tx, caller, {
      unitId: row.unitId,
      title: input.title,
      body: input.body,
      summary: input.summary ?? '',
      theme: input.theme ?? row.theme,
      question,
      targets: input.targets ?? [],
    });
    await tx.update(questions).set({ status: 'answering', answerItemId: item.id }).where(eq(questions.id, id));
    await audit(tx, actor, { action: 'question.answer_started', entityType: 'question', entityId: id, unitId: row.unitId, data: { itemId: item.id } });
    return { itemId: item.id, question: view({ ...row, status: 'answering', answerItemId: item.id }) };
  });
}

/**
 * Closes a question for good: its personal data (name, contact) is erased in the same
 * statement (Decree 13/2023), whatever the reason.
 */
export async function closeQuestion(db: Db, actor: Actor, id: string, reason: QuestionCloseReason, now: Date): Promise<QuestionView> {
  return db.transaction(async (tx) => {
    const row = await loadForModeration(tx, actor, id, true);
    if (row.status === 'closed') return view(row);
    await tx
      .update(questions)
      .set({ status: 'closed', closeReason: reason, closedAt: now, closedBy: actor.userId, contact: null, askerName: null })
      .where(eq(questions.id, id));
    await audit(tx, actor, { action: 'question.closed', entityType: 'question', entityId: id, unitId: row.unitId, data: { reason } });
    return view({ ...row, status: 'closed', closeReason: reason, closedAt: now, contact: null, askerName: null });
  });
}
