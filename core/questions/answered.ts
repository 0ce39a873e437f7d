import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { questions, siteArticles } from '../../db/schema/index.ts';
import type { Logger } from '../../lib/logger.ts';
import { systemActor } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { articleUrl } from '../site/urls.ts';

/** An asker whose mail keeps failing is given up on after this, and the question closed. */
const NOTIFY_GIVE_UP_MS = 24 * 3_600_000;

/** The worker task that tells askers and closes answered questions (also a per-minute cron). */
export const CLOSE_ANSWERED_TASK = 'close_answered_questions';

/**
 * The answer item's article went live on the site: its question is answered, and the task
 * that tells the asker is queued in the same transaction (so it runs at once, not at the next minute).
 */
export async function markAnswered(q: Queryable, itemId: string, at: Date): Promise<void> {
  const marked = await q
    .update(questions)
    .set({ status: 'answered', answeredAt: at })
    .where(and(eq(questions.answerItemId, itemId), inArray(questions.status, ['new', 'answering'])))
    .returning({ id: questions.id });
  if (marked.length === 0) return;
  await q.execute(sql`select graphile_worker.add_job(${CLOSE_ANSWERED_TASK}, '{}'::json, job_key => ${CLOSE_ANSWERED_TASK}, max_attempts => 5)`);
}

function answerMail(name: string | null, question: string, url: string) {
  return {
    subject: 'Câu hỏi của bạn đã được trả lời – Con đường hướng thiện',
    text:
      `${name ? `Chào ${name},` : 'Chào bạn,'}\n\n` +
      `Câu hỏi bạn gửi trên trang "Con đường hướng thiện" đã có câu trả lời:\n${url}\n\n` +
      `Câu hỏi của bạn: "${question.length > 300 ? `${question.slice(0, 300)}…` : question}"\n\n` +
      'Địa chỉ email của bạn chỉ được dùng để gửi thư này và đã được xoá khỏi hệ thống.\n',
  };
}

/**
 * Tells each asker whose answer is out (by e-mail, when they left one and SMTP is set), then
 * closes the question, erasing name and contact. Each question is locked while handled, so
 * two workers never mail twice; a failed send leaves it for the next run, up to a day.
 */
export async function closeAnsweredQuestions(deps: { db: Db; mailer: Mailer | null; publicUrl: string; log: Logger }, now: Date): Promise<number> {
  let closed = 0;
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: questions.id, unitId: questions.unitId, body: questions.body, name: questions.askerName, contact: questions.contact, answeredAt: questions.answeredAt, slug: siteArticles.slug })
        .from(questions)
        .leftJoin(siteArticles, eq(siteArticles.itemId, questions.answerItemId))
        .where(eq(questions.status, 'answered'))
        .orderBy(questions.answeredAt)
        .limit(1)
        .for('update', { of: questions, skipLocked: true });
      if (!row) return false;
      let mailed = false;
      if (deps.mailer && row.contact?.includes('@') && row.slug) {
        try {
          await deps.mailer.send({ to: row.contact, ...answerMail(row.name, row.body, articleUrl(deps.publicUrl, row.slug)) });
          mailed = true;
        } catch (err) {
          if (now.getTime() - (row.answeredAt?.getTime() ?? 0) < NOTIFY_GIVE_UP_MS) throw err;
          deps.log.warn({ err, questionId: row.id }, 'question.asker_not_told');
        }
      }
      await tx
        .update(questions)
        .set({ status: 'closed', closeReason: 'answered', closedAt: now, contact: null, askerName: null })
        .where(eq(questions.id, row.id));
      await audit(tx, systemActor, { action: 'question.closed', entityType: 'question', entityId: row.id, unitId: row.unitId, data: { reason: 'answered', askerMailed: mailed } });
      return true;
    });
    if (!done) return closed;
    closed++;
  }
}
