import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';

export type NotificationRow = typeof notifications.$inferSelect;

/** A user's notifications, newest first, with a keyset cursor `<createdAt ISO>|<id>`. */
export async function listNotifications(
  db: Db,
  userId: string,
  opts: { unreadOnly: boolean; limit: number; cursor?: string | undefined },
): Promise<{ items: NotificationRow[]; nextCursor: string | null; unread: number }> {
  const [cursorAt, cursorId] = opts.cursor?.split('|') ?? [];
  const after =
    cursorAt && cursorId
      ? or(lt(notifications.createdAt, new Date(cursorAt)), and(eq(notifications.createdAt, new Date(cursorAt)), lt(notifications.id, cursorId)))
      : undefined;
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
  return {
    items: page,
    nextCursor: items.length > opts.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
    unread: count?.n ?? 0,
  };
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
