import { closeAnsweredQuestions } from '../../core/questions/answered.ts';
import type { Mailer } from '../../lib/mailer.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';

/**
 * Queued when an answer goes live on the site, and run every minute as a safety net: tells
 * askers by e-mail (only with SMTP) and closes their questions, erasing name and contact.
 */
export function createCloseAnsweredQuestionsTask(deps: { db: Db; mailer: Mailer | null; clock: Clock; publicUrl: string; log: Logger }) {
  return async () => {
    await closeAnsweredQuestions(deps, deps.clock.now());
  };
}
