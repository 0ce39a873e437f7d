import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, users } from '../../db/schema/index.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { textsFor } from './inbox.ts';

/** Only recent notifications are emailed, so enabling SMTP later does not flood inboxes. */
const EMAIL_WINDOW_MS = 24 * 3600_000;

/**
 * Emails notifications not yet emailed. Each row is claimed (emailed_at set) before its
 * send, so two workers never send the same one; a failed send releases the claim.
 */
export async function sendPendingEmails(db: Db, mailer: Mailer, now: Date, publicUrl: string, batch = 50): Promise<number> {
  const pending = await db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      titleEn: notifications.titleEn,
      bodyEn: notifications.bodyEn,
      email: users.email,
      locale: users.locale,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(isNull(notifications.emailedAt), gt(notifications.createdAt, new Date(now.getTime() - EMAIL_WINDOW_MS)), eq(users.disabled, false)))
    .limit(batch);
  let sent = 0;
  for (const n of pending) {
    const [claimed] = await db
      .update(notifications)
      .set({ emailedAt: now })
      .where(and(eq(notifications.id, n.id), isNull(notifications.emailedAt)))
      .returning({ id: notifications.id });
    if (!claimed) continue;
    try {
      const { title, body } = textsFor(n, n.locale);
      await mailer.send({
        to: n.email,
        subject: `[Loa] ${title}`,
        text: `${body}\n\n— Loa, chiến dịch "Con đường hướng thiện"\n${publicUrl}`,
      });
      sent++;
    } catch (err) {
      await db.update(notifications).set({ emailedAt: sql`null` }).where(eq(notifications.id, n.id));
      throw err;
    }
  }
  return sent;
}
