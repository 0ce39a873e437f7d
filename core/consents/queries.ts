import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { consents, contentItems, revisionConsents, revisions } from '../../db/schema/index.ts';
import { notFound } from '../../lib/errors.ts';
import { foldedContains } from '../../lib/fold-search.ts';
import { isUuid } from '../content/load.ts';
import { unitsAllowed, type Caller } from '../content/permissions.ts';
import { decodeCursor, toPage, type Page } from '../org/pagination.ts';
import { subtreeUnitIds } from '../units.ts';
import type { ConsentRow } from './validity.ts';

export type ConsentStatus = 'valid' | 'withdrawn' | 'expired';

export interface ConsentFilters {
  unitId?: string | undefined;
  status?: ConsentStatus | undefined;
  /** Words in the person's name, ignoring accents and case. */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Consents are read by whoever may read content of their unit: editors and commune
 * officers link them to the testimonies they write.
 */
export async function listConsents(q: Queryable, caller: Caller, f: ConsentFilters, now: Date): Promise<Page<ConsentRow>> {
  let readable = [...(await unitsAllowed(q, caller, 'content.read'))];
  if (f.unitId) {
    const wanted = new Set(await subtreeUnitIds(q, [f.unitId]));
    readable = readable.filter((u) => wanted.has(u));
  }
  if (readable.length === 0) return { items: [], nextCursor: null };
  const cursor = f.cursor ? decodeCursor(f.cursor, ['time', 'uuid'] as const) : null;
  const rows = await q
    .select()
    .from(consents)
    .where(
      and(
        inArray(consents.unitId, readable),
        statusCondition(f.status, now),
        f.q?.trim() ? foldedContains(consents.personName, f.q) : undefined,
        cursor ? or(lt(consents.createdAt, new Date(cursor[0])), and(eq(consents.createdAt, new Date(cursor[0])), lt(consents.id, cursor[1]))) : undefined,
      ),
    )
    .orderBy(desc(consents.createdAt), desc(consents.id))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, (r) => r, (r) => [r.createdAt.toISOString(), r.id]);
}

function statusCondition(status: ConsentStatus | undefined, now: Date): SQL | undefined {
  if (status === 'withdrawn') return isNotNull(consents.withdrawnAt);
  if (status === 'expired') return and(isNull(consents.withdrawnAt), lte(consents.expiresAt, now));
  if (status === 'valid') return and(isNull(consents.withdrawnAt), or(isNull(consents.expiresAt), gt(consents.expiresAt, now)));
  return undefined;
}

/** The consent if the caller may read it (content.read on its unit); 404 otherwise. */
export async function readableConsent(q: Queryable, caller: Caller, id: string): Promise<ConsentRow> {
  const [consent] = isUuid(id) ? await q.select().from(consents).where(eq(consents.id, id)) : [];
  if (!consent || !(await unitsAllowed(q, caller, 'content.read')).has(consent.unitId)) throw notFound({ vi: 'bản đồng ý', en: 'Consent' });
  return consent;
}

/** One consent with the revisions that rely on it; 404 when the caller may not read it. */
export async function getConsent(q: Queryable, caller: Caller, id: string) {
  const consent = await readableConsent(q, caller, id);
  const usedBy = await q
    .select({ itemId: contentItems.id, slug: contentItems.slug, revision: revisions.number, state: revisions.state, title: revisions.title })
    .from(revisionConsents)
    .innerJoin(revisions, eq(revisions.id, revisionConsents.revisionId))
    .innerJoin(contentItems, eq(contentItems.id, revisions.itemId))
    .where(eq(revisionConsents.consentId, consent.id))
    .orderBy(asc(contentItems.slug), asc(revisions.number));
  return { consent, usedBy };
}
