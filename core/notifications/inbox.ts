import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, revisions } from '../../db/schema/index.ts';
import { isUuid } from '../content/load.ts';
import { decodeCursor, encodeCursor } from '../org/pagination.ts';

export type NotificationRow = typeof notifications.$inferSelect;
/** A notification as listed: an approval request also says what became of its revision once it left review. */
export type ListedNotification = NotificationRow & { decided: string | null };

/**
 * A user's notifications, newest first, with a keyset cursor (createdAt, id).
 * "Approval waiting" notices whose revision someone has since decided (or that was
 * superseded) are settled first, so they no longer count as waiting.
 */
export async function listNotifications(
  db: Db,
  userId: string,
  opts: { unreadOnly: boolean; limit: number; cursor?: string | undefined; now?: Date },
): Promise<{ items: ListedNotification[]; nextCursor: string | null; unread: number }> {
  const key = opts.cursor ? decodeCursor(opts.cursor, ['time', 'uuid'] as const) : null;
  const after = key
    ? or(lt(notifications.createdAt, new Date(key[0])), and(eq(notifications.createdAt, new Date(key[0])), lt(notifications.id, key[1])))
    : undefined;
  // After the cursor is known good: a refused request writes nothing.
  await settleDecidedApprovals(db, userId, opts.now ?? new Date());
  const items = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), opts.unreadOnly ? isNull(notifications.readAt) : undefined, after))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit + 1);
  const page = items.slice(0, opts.limit);
  const last = page.at(-1);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  const decided = await decidedRevisions(db, page);
  return {
    items: page.map((n) => ({ ...n, decided: n.kind === 'approval_waiting' ? (decided.get(String(n.data['revisionId'])) ?? null) : null })),
    nextCursor: items.length > opts.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    unread: count?.n ?? 0,
  };
}

/**
 * The state of each revision the page's approval requests name, when it is no longer in
 * review: the stored text still says "waiting", the reader should see it was handled.
 */
async function decidedRevisions(db: Db, page: readonly NotificationRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(page.filter((n) => n.kind === 'approval_waiting').map((n) => String(n.data['revisionId'])))].filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: revisions.id, state: revisions.state }).from(revisions).where(inArray(revisions.id, ids));
  return new Map(rows.filter((r) => r.state !== 'in_review').map((r) => [r.id, r.state]));
}

/** The title and body in the reader's language (English where it was written, else Vietnamese). */
export function textsFor(n: Pick<NotificationRow, 'title' | 'body' | 'titleEn' | 'bodyEn'>, locale: string): { title: string; body: string } {
  if (locale === 'en' && n.titleEn) return { title: n.titleEn, body: n.bodyEn ?? n.body };
  return { title: n.title, body: n.body };
}

/** Marks one (or, with id undefined, every) notification of the user read. Returns how many. */
export async function markRead(db: Db, userId: string, now: Date, id?: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Marks read the user's unread approval_waiting notices whose revision is no longer in review. */
export async function settleDecidedApprovals(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        eq(notifications.kind, 'approval_waiting'),
        sql`exists (select 1 from ${revisions} r where r.id::text = ${notifications.data}->>'revisionId' and r.state <> 'in_review')`,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
