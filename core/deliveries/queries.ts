import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { channels, contentItems, deliveries, deliveryAttempts, revisionTargets, revisions, type DeliveryState, type Theme } from '../../db/schema/index.ts';
import { decodeCursor, toPage } from '../org/pagination.ts';

export interface DeliveryFilter {
  state?: DeliveryState | undefined;
  itemId?: string | undefined;
  channelId?: string | undefined;
  /** Only items of these units (a unit filter already expanded to its subtree). */
  unitIds?: string[] | undefined;
  theme?: Theme | undefined;
  /** Due in [dueFrom, dueTo). */
  dueFrom?: Date | undefined;
  dueTo?: Date | undefined;
  /** Units whose items the caller may read (subtree ids). */
  readableUnitIds: string[];
  limit: number;
  cursor?: string | undefined;
}

const columns = {
  delivery: deliveries,
  channelName: channels.name,
  platform: channels.platform,
  channelUnitId: channels.unitId,
  itemUnitId: contentItems.unitId,
  latestRevisionId: contentItems.latestRevisionId,
  title: revisions.title,
  theme: revisions.theme,
  revisionNumber: revisions.number,
  revisionAuthorId: revisions.authorId,
  revisionContributorIds: revisions.contributorIds,
  revisionExpiresAt: revisions.expiresAt,
  /** Attempts made in all: the delivery's attemptCount restarts at 0 on a manual retry (it is the retry budget). */
  attemptsMade: sql<number>`(select coalesce(max(${deliveryAttempts.number}), 0) from ${deliveryAttempts} where ${deliveryAttempts.deliveryId} = ${deliveries.id})`.mapWith(Number),
  /** The delivery's latest correction (core/corrections): its state and why it waits or failed. */
  correction: sql<{ state: string; message: string | null } | null>`(select json_build_object('state', dc.state, 'message', dc.last_error_message)
    from delivery_corrections dc where dc.delivery_id = ${deliveries.id} order by dc.created_at desc limit 1)`,
  /** The time approved with the revision, as approval computed the delivery's first due time. */
  approvedDueAt: sql<Date | null>`greatest(coalesce(${revisionTargets.publishAt}, ${revisions.publishAt}, ${revisions.decidedAt}), ${revisions.decidedAt})`.mapWith(
    (v: string | Date | null) => (v === null ? null : new Date(v)),
  ),
};

export type DeliveryListRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

/** Deliveries joined with what their views and permits need (channel, item, revision, approved target). */
function selectDeliveries(q: Queryable) {
  return q
    .select(columns)
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .innerJoin(contentItems, eq(contentItems.id, deliveries.itemId))
    .innerJoin(revisions, eq(revisions.id, deliveries.revisionId))
    .leftJoin(revisionTargets, and(eq(revisionTargets.revisionId, deliveries.revisionId), eq(revisionTargets.channelId, deliveries.channelId)))
    .$dynamic();
}

/** Deliveries the caller may read, newest due first, keyset cursor (dueAt, id). */
export async function listDeliveries(db: Db, f: DeliveryFilter) {
  if (f.readableUnitIds.length === 0 || f.unitIds?.length === 0) return { items: [], nextCursor: null };
  const after = f.cursor ? decodeCursor(f.cursor, ['time', 'uuid'] as const) : null;
  const conditions: (SQL | undefined)[] = [
    inArray(contentItems.unitId, f.readableUnitIds),
    f.state ? eq(deliveries.state, f.state) : undefined,
    f.itemId ? eq(deliveries.itemId, f.itemId) : undefined,
    f.channelId ? eq(deliveries.channelId, f.channelId) : undefined,
    f.unitIds ? inArray(contentItems.unitId, f.unitIds) : undefined,
    f.theme ? eq(revisions.theme, f.theme) : undefined,
    f.dueFrom ? gte(deliveries.dueAt, f.dueFrom) : undefined,
    f.dueTo ? lt(deliveries.dueAt, f.dueTo) : undefined,
    after ? or(lt(deliveries.dueAt, new Date(after[0])), and(eq(deliveries.dueAt, new Date(after[0])), lt(deliveries.id, after[1]))) : undefined,
  ];
  const rows = await selectDeliveries(db)
    .where(and(...conditions))
    .orderBy(desc(deliveries.dueAt), desc(deliveries.id))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, (r) => r, (r) => [r.delivery.dueAt.toISOString(), r.delivery.id]);
}

/** One delivery with its joins; `lock` takes the delivery row's lock for the rest of the transaction. */
export async function findDelivery(q: Queryable, id: string, lock = false) {
  const query = selectDeliveries(q).where(eq(deliveries.id, id));
  const [row] = lock ? await query.for('update', { of: deliveries }) : await query;
  return row ?? null;
}

export async function getDelivery(db: Db, id: string) {
  const row = await findDelivery(db, id);
  if (!row) return null;
  const attempts = await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(deliveryAttempts.number);
  return { ...row, attempts };
}
