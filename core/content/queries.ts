import { and, asc, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { invalid } from '../../lib/errors.ts';
import { foldedContains } from '../../lib/fold-search.ts';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { approvals, contentItems, revisionConsents, revisions, units, users, type RevisionState, type Theme } from '../../db/schema/index.ts';
import { decodeCursor, toPage, type Page } from '../org/pagination.ts';
import { subtreeUnitIds } from '../units.ts';
import { itemNotFound } from './errors.ts';
import { loadItem, revisionByNumber, type ContentItemRow, type RevisionRow } from './load.ts';
import { unitsAllowed, type Caller } from './permissions.ts';
import { consentIdsOf } from './references.ts';
import { targetsOf, type TargetChannel } from './targets.ts';

export interface ItemFilters {
  state?: RevisionState | undefined;
  theme?: Theme | undefined;
  /** Items of this unit and the units below it. */
  unitId?: string | undefined;
  /** Words in the title, ignoring accents and case. */
  q?: string | undefined;
  /** The latest revision's publish time falls in [from, to) (items without a time are left out). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only items of units where the caller may approve (the approval inbox, with state in_review). */
  decidable?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const latest = alias(revisions, 'latest');
const approvedRev = alias(revisions, 'approved_rev');

const summaryColumns = {
  item: contentItems,
  unitName: units.name,
  revision: latest.number,
  state: latest.state,
  title: latest.title,
  theme: latest.theme,
  authorId: latest.authorId,
  publishAt: latest.publishAt,
  submittedAt: latest.submittedAt,
  approvedRevision: approvedRev.number,
};

export type ItemSummary = Awaited<ReturnType<typeof summaryQuery>>[number];

function summaryQuery(q: Queryable, where: SQL | undefined, limit: number) {
  return q
    .select(summaryColumns)
    .from(contentItems)
    .innerJoin(units, eq(units.id, contentItems.unitId))
    .innerJoin(latest, eq(latest.id, contentItems.latestRevisionId))
    .leftJoin(approvedRev, eq(approvedRev.id, contentItems.approvedRevisionId))
    .where(where)
    .orderBy(desc(contentItems.createdAt), desc(contentItems.id))
    .limit(limit);
}

/** Items the caller may read, newest first; filters apply to each item's latest revision. */
export async function listItems(q: Queryable, caller: Caller, f: ItemFilters): Promise<Page<ItemSummary>> {
  if (f.from && f.to && f.to <= f.from) {
    throw invalid('RANGE_INVALID', 'querystring:/to', { vi: 'Thời điểm cuối phải sau thời điểm đầu', en: 'The end of the range must come after its start' });
  }
  let readable = [...(await unitsAllowed(q, caller, f.decidable ? 'content.approve' : 'content.read'))];
  if (f.unitId) {
    const wanted = new Set(await subtreeUnitIds(q, [f.unitId]));
    readable = readable.filter((u) => wanted.has(u));
  }
  if (readable.length === 0) return { items: [], nextCursor: null };
  const cursor = f.cursor ? decodeCursor(f.cursor, ['time', 'uuid'] as const) : null;
  const where = and(
    inArray(contentItems.unitId, readable),
    f.state ? eq(latest.state, f.state) : undefined,
    f.theme ? eq(latest.theme, f.theme) : undefined,
    f.q?.trim() ? foldedContains(latest.title, f.q) : undefined,
    f.from ? gte(latest.publishAt, f.from) : undefined,
    f.to ? lt(latest.publishAt, f.to) : undefined,
    cursor
      ? or(lt(contentItems.createdAt, new Date(cursor[0])), and(eq(contentItems.createdAt, new Date(cursor[0])), lt(contentItems.id, cursor[1])))
      : undefined,
  );
  const rows = await summaryQuery(q, where, f.limit + 1);
  return toPage(rows, f.limit, (r) => r, (r) => [r.item.createdAt.toISOString(), r.item.id]);
}

/** The item if the caller may read it; 404 otherwise, so ids do not reveal other units' items. */
export async function readableItem(q: Queryable, caller: Caller, itemId: string): Promise<ContentItemRow> {
  const item = await loadItem(q, itemId);
  if (!(await unitsAllowed(q, caller, 'content.read')).has(item.unitId)) throw itemNotFound();
  return item;
}

export interface RevisionDetail extends RevisionRow {
  consentIds: string[];
}

/** One item with all its revisions, all decisions, and the targets of its latest revision. */
export async function getItemDetail(q: Queryable, caller: Caller, itemId: string) {
  const item = await readableItem(q, caller, itemId);
  const [summary] = await summaryQuery(q, eq(contentItems.id, item.id), 1);
  const revs = await q.select().from(revisions).where(eq(revisions.itemId, item.id)).orderBy(asc(revisions.number));
  const links = await q
    .select({ revisionId: revisionConsents.revisionId, consentId: revisionConsents.consentId })
    .from(revisionConsents)
    .innerJoin(revisions, eq(revisions.id, revisionConsents.revisionId))
    .where(eq(revisions.itemId, item.id));
  const decisions = await q
    .select({ approval: approvals, revision: revisions.number, decidedByName: users.displayName })
    .from(approvals)
    .innerJoin(revisions, eq(revisions.id, approvals.revisionId))
    .innerJoin(users, eq(users.id, approvals.decidedBy))
    .where(eq(revisions.itemId, item.id))
    .orderBy(asc(approvals.decidedAt));
  const revisionsWithConsents: RevisionDetail[] = revs.map((r) => ({
    ...r,
    consentIds: links.filter((l) => l.revisionId === r.id).map((l) => l.consentId),
  }));
  const targets = item.latestRevisionId ? await targetsOf(q, item.latestRevisionId) : [];
  return { item, summary: summary!, revisions: revisionsWithConsents, approvals: decisions, targets };
}

export async function getRevisionDetail(
  q: Queryable,
  caller: Caller,
  itemId: string,
  number: number,
): Promise<{ revision: RevisionDetail; targets: TargetChannel[] }> {
  const item = await readableItem(q, caller, itemId);
  const rev = await revisionByNumber(q, item.id, number);
  return { revision: { ...rev, consentIds: await consentIdsOf(q, rev.id) }, targets: await targetsOf(q, rev.id) };
}
