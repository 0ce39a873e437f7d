import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels, contentItems, deliveries, deliveryAttempts, revisions, type DeliveryState } from '../../db/schema/index.ts';

export interface DeliveryFilter {
  state?: DeliveryState | undefined;
  itemId?: string | undefined;
  channelId?: string | undefined;
  /** Units whose items the caller may read (subtree ids). */
  readableUnitIds: string[];
  limit: number;
  cursor?: string | undefined;
}

const columns = {
  delivery: deliveries,
  channelName: channels.name,
  platform: channels.platform,
  itemUnitId: contentItems.unitId,
  title: revisions.title,
};

/** Deliveries the caller may read, newest due first, keyset cursor `<dueAt ISO>|<id>`. */
export async function listDeliveries(db: Db, f: DeliveryFilter) {
  if (f.readableUnitIds.length === 0) return { items: [], nextCursor: null };
  const [cursorAt, cursorId] = f.cursor?.split('|') ?? [];
  const conditions: (SQL | undefined)[] = [
    inArray(contentItems.unitId, f.readableUnitIds),
    f.state ? eq(deliveries.state, f.state) : undefined,
    f.itemId ? eq(deliveries.itemId, f.itemId) : undefined,
    f.channelId ? eq(deliveries.channelId, f.channelId) : undefined,
    cursorAt && cursorId
      ? or(lt(deliveries.dueAt, new Date(cursorAt)), and(eq(deliveries.dueAt, new Date(cursorAt)), lt(deliveries.id, cursorId)))
      : undefined,
  ];
  const rows = await db
    .select(columns)
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .innerJoin(contentItems, eq(contentItems.id, deliveries.itemId))
    .innerJoin(revisions, eq(revisions.id, deliveries.revisionId))
    .where(and(...conditions))
    .orderBy(desc(deliveries.dueAt), desc(deliveries.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1)?.delivery;
  return { items: page, nextCursor: rows.length > f.limit && last ? `${last.dueAt.toISOString()}|${last.id}` : null };
}

export async function getDelivery(db: Db, id: string) {
  const [row] = await db
    .select(columns)
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .innerJoin(contentItems, eq(contentItems.id, deliveries.itemId))
    .innerJoin(revisions, eq(revisions.id, deliveries.revisionId))
    .where(eq(deliveries.id, id));
  if (!row) return null;
  const attempts = await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(deliveryAttempts.number);
  return { ...row, attempts };
}
