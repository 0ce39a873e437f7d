import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { consents, contentItems, media, revisionConsents, revisions } from '../../db/schema/index.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { readableUnitIds } from './access.ts';
import type { MediaRow } from './deps.ts';
import { mediaNotFound } from './errors.ts';
import { getMedia } from './queries.ts';

export interface MediaUsage {
  /** Revisions showing the file, grouped under their item (only items the reader may read). */
  items: { itemId: string; slug: string; title: string; revisions: { number: number; state: string }[] }[];
  /** Consents of the people shown next to the file: linked to a revision that uses it. */
  coveredBy: { id: string; personName: string; expiresAt: Date | null; withdrawnAt: Date | null }[];
  /** Consents whose signed form is this file. */
  documentOf: { id: string; personName: string }[];
}

/** Which items use a media file and which consents cover it (for the library and before deleting). */
export async function mediaUsage(q: Queryable, actor: Actor, id: string): Promise<MediaUsage> {
  const file = await getMedia(q, actor, id);
  const readable = await readableUnitIds(q, actor);
  const uses = await q
    .select({ revisionId: revisions.id, itemId: contentItems.id, slug: contentItems.slug, number: revisions.number, state: revisions.state, title: revisions.title })
    .from(revisions)
    .innerJoin(contentItems, eq(contentItems.id, revisions.itemId))
    .where(and(sql`${file.id}::uuid = any(${revisions.mediaIds})`, inArray(contentItems.unitId, readable)))
    .orderBy(asc(contentItems.slug), asc(revisions.number));
  const items = new Map<string, MediaUsage['items'][number]>();
  for (const u of uses) {
    const entry = items.get(u.itemId) ?? { itemId: u.itemId, slug: u.slug, title: u.title, revisions: [] };
    entry.title = u.title; // the latest revision's title names the item
    entry.revisions.push({ number: u.number, state: u.state });
    items.set(u.itemId, entry);
  }
  const revisionIds = uses.map((u) => u.revisionId);
  const coveredBy = revisionIds.length
    ? await q
        .selectDistinct({ id: consents.id, personName: consents.personName, expiresAt: consents.expiresAt, withdrawnAt: consents.withdrawnAt })
        .from(revisionConsents)
        .innerJoin(consents, eq(consents.id, revisionConsents.consentId))
        .where(inArray(revisionConsents.revisionId, revisionIds))
        .orderBy(asc(consents.personName), asc(consents.id))
    : [];
  const documentOf = await q
    .select({ id: consents.id, personName: consents.personName })
    .from(consents)
    .where(and(eq(consents.documentMediaId, file.id), inArray(consents.unitId, readable)))
    .orderBy(asc(consents.personName));
  return { items: [...items.values()], coveredBy, documentOf };
}

/** Sets (or clears, with an empty text) a file's alternative text; needs media.upload on its unit. */
export async function setAltText(q: Queryable, actor: Actor, id: string, altText: string): Promise<MediaRow> {
  const [row] = await q.select().from(media).where(eq(media.id, id));
  if (!row) throw mediaNotFound();
  await assertAllowedOnUnit(q, actor, 'media.upload', row.unitId);
  const text = nfc(altText).trim() || null;
  const [updated] = await q.update(media).set({ altText: text }).where(eq(media.id, id)).returning();
  await audit(q, actor, { action: 'media.alt_text', entityType: 'media', entityId: id, unitId: row.unitId, data: { altText: text } });
  return updated!;
}
