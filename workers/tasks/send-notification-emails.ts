import type { Db } from '../../db/client.ts';
import { sendPendingEmails } from '../../core/notifications/email.ts';
import type { Mailer } from '../../lib/mailer.ts';
import type { Clock } from '../../lib/clock.ts';

/** Cron task (registered only when SMTP_URL is set): emails recent notifications. */
export function createSendNotificationEmailsTask(deps: { db: Db; mailer: Mailer; clock: Clock; publicUrl: string }) {
  return async () => {
    // Drain in batches so a backlog goes out in one run without one huge query.
    while ((await sendPendingEmails(deps.db, deps.mailer, deps.clock.now(), deps.publicUrl)) > 0);
  };
}
