import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { consents, media, revisionConsents } from '../../db/schema/index.ts';
import { invalid, type AppError } from '../../lib/errors.ts';
import { unitsAllowed, type Caller } from './permissions.ts';

/**
 * Media and consents a revision refers to must exist in a unit the author can read.
 * Something outside the author's units answers like something missing, so ids do not
 * reveal other units' records.
 */
export async function checkMediaRefs(q: Queryable, caller: Caller, mediaIds: readonly string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const rows = await q.select({ id: media.id, unitId: media.unitId }).from(media).where(inArray(media.id, [...mediaIds]));
  const readable = await unitsAllowed(q, caller, 'content.read');
  const ok = new Set(rows.filter((r) => readable.has(r.unitId)).map((r) => r.id));
  const bad = mediaIds.findIndex((id) => !ok.has(id));
  if (bad >= 0) throw invalid('MEDIA_NOT_FOUND', `/mediaIds/${bad}`, { vi: 'Không tìm thấy tệp đa phương tiện này', en: 'Media not found' });
}

export async function checkConsentRefs(q: Queryable, caller: Caller, consentIds: readonly string[]): Promise<void> {
  if (consentIds.length === 0) return;
  const rows = await q.select({ id: consents.id, unitId: consents.unitId }).from(consents).where(inArray(consents.id, [...consentIds]));
  const readable = await unitsAllowed(q, caller, 'content.read');
  const ok = new Set(rows.filter((r) => readable.has(r.unitId)).map((r) => r.id));
  const bad = consentIds.findIndex((id) => !ok.has(id));
  if (bad >= 0) throw invalid('CONSENT_NOT_FOUND', `/consentIds/${bad}`, { vi: 'Không tìm thấy bản đồng ý này', en: 'Consent not found' });
}

/** Media not yet fully uploaded cannot go out: the refusal for the first such file, if any. */
/** What the checks read of a revision's media: whether each is uploaded, and what it is. */
export type MediaFacts = Pick<typeof media.$inferSelect, 'id' | 'status' | 'kind'>;

export async function mediaFactsOf(q: Queryable, mediaIds: readonly string[]): Promise<MediaFacts[]> {
  if (mediaIds.length === 0) return [];
  return q.select({ id: media.id, status: media.status, kind: media.kind }).from(media).where(inArray(media.id, [...mediaIds]));
}

export function mediaNotReady(facts: readonly MediaFacts[], mediaIds: readonly string[]): AppError | null {
  const ready = new Set(facts.filter((r) => r.status === 'ready').map((r) => r.id));
  const bad = mediaIds.findIndex((id) => !ready.has(id));
  return bad >= 0 ? invalid('MEDIA_NOT_READY', `/mediaIds/${bad}`, { vi: 'Tệp đa phương tiện chưa tải lên xong', en: 'The media has not finished uploading' }) : null;
}

export async function replaceConsentLinks(q: Queryable, revisionId: string, consentIds: readonly string[]): Promise<void> {
  await q.delete(revisionConsents).where(eq(revisionConsents.revisionId, revisionId));
  const unique = [...new Set(consentIds)];
  if (unique.length) await q.insert(revisionConsents).values(unique.map((consentId) => ({ revisionId, consentId })));
}

export async function copyConsentLinks(q: Queryable, fromRevisionId: string, toRevisionId: string): Promise<void> {
  await q.execute(sql`
    insert into revision_consents (revision_id, consent_id)
    select ${toRevisionId}::uuid, consent_id from revision_consents where revision_id = ${fromRevisionId}`);
}

export async function consentIdsOf(q: Queryable, revisionId: string): Promise<string[]> {
  const rows = await q.select({ id: revisionConsents.consentId }).from(revisionConsents).where(eq(revisionConsents.revisionId, revisionId));
  return rows.map((r) => r.id);
}
