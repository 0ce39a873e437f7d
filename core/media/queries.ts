import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { foldedContains } from '../../lib/fold-search.ts';
import type { Queryable } from '../../db/client.ts';
import { media, type MediaKind } from '../../db/schema/index.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { cursorInvalid, decodeCursor, type Page, toPage } from '../org/pagination.ts';
import { subtreeUnitIds } from '../units.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { readableUnitIds } from './access.ts';
import type { MediaRow } from './deps.ts';
import { mediaNotFound } from './errors.ts';

export interface MediaListQuery {
  /** Only this unit and the units below it (must be readable). */
  unitId?: string | undefined;
  kind?: MediaKind | undefined;
  status: 'ready' | 'uploading';
  /** Words in the file name or alt text, ignoring accents and case. */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The cursor key is the last row's microsecond UTC timestamp and id: newest first, ties by id. */
function cursorKey(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, ['time', 'uuid'] as const);
  // The key is the microsecond UTC text made below, without offset.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(at)) throw cursorInvalid();
  return [at, id];
}

const cursorAt = sql<string>`to_char(${media.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/** Media of the units the actor may read, newest first, keyset-paginated. */
export async function listMedia(q: Queryable, actor: Actor, query: MediaListQuery): Promise<Page<MediaRow>> {
  let units = await readableUnitIds(q, actor);
  if (query.unitId) {
    if (!units.includes(query.unitId)) throw forbidden();
    units = await subtreeUnitIds(q, [query.unitId]);
  }
  if (units.length === 0) return { items: [], nextCursor: null };
  const where: SQL[] = [inArray(media.unitId, units), eq(media.status, query.status)];
  if (query.kind) where.push(eq(media.kind, query.kind));
  if (query.q?.trim()) where.push(or(foldedContains(media.originalName, query.q), foldedContains(sql`coalesce(${media.altText}, '')`, query.q))!);
  if (query.cursor) {
    const [at, id] = cursorKey(query.cursor);
    where.push(sql`(${media.createdAt}, ${media.id}) < ((${at})::timestamp at time zone 'UTC', ${id}::uuid)`);
  }
  const rows = await q
    .select({ row: media, at: cursorAt })
    .from(media)
    .where(and(...where))
    .orderBy(desc(media.createdAt), desc(media.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => r.row, (r) => [r.at, r.row.id]);
}

/** One media row the actor may read (content.read on its unit). */
export async function getMedia(q: Queryable, actor: Actor, id: string): Promise<MediaRow> {
  const [row] = await q.select().from(media).where(eq(media.id, id));
  if (!row) throw mediaNotFound();
  await assertAllowedOnUnit(q, actor, 'content.read', row.unitId);
  return row;
}
