import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contentItems, revisions } from '../../db/schema/index.ts';
import { itemNotFound, revisionNotFound } from './errors.ts';

export type ContentItemRow = typeof contentItems.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from URLs are checked before reaching SQL, where a malformed uuid is an error, not a miss. */
export const isUuid = (s: string): boolean => uuidPattern.test(s);

/**
 * The item, locked for the rest of the transaction when `lock` is set: every workflow
 * step locks the item first, so two approvals (or an edit racing a submit) run one
 * after the other.
 */
export async function loadItem(q: Queryable, itemId: string, lock = false): Promise<ContentItemRow> {
  if (!isUuid(itemId)) throw itemNotFound();
  const query = q.select().from(contentItems).where(eq(contentItems.id, itemId));
  const [item] = lock ? await query.for('update') : await query;
  if (!item) throw itemNotFound();
  return item;
}

export async function loadRevision(q: Queryable, revisionId: string): Promise<RevisionRow> {
  const [rev] = await q.select().from(revisions).where(eq(revisions.id, revisionId));
  if (!rev) throw revisionNotFound();
  return rev;
}

export async function latestRevision(q: Queryable, item: ContentItemRow): Promise<RevisionRow> {
  if (!item.latestRevisionId) throw revisionNotFound();
  return loadRevision(q, item.latestRevisionId);
}

export async function revisionByNumber(q: Queryable, itemId: string, number: number): Promise<RevisionRow> {
  const [rev] = await q.select().from(revisions).where(and(eq(revisions.itemId, itemId), eq(revisions.number, number)));
  if (!rev) throw revisionNotFound();
  return rev;
}
