import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { contentItems, revisions, type Theme } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { audit } from '../audit.ts';
import { unitAncestry } from '../units.ts';
import { mergeFields, type RevisionInput } from './input.ts';
import type { ContentItemRow, RevisionRow } from './load.ts';
import { assertMayWrite, type Caller } from './permissions.ts';
import { checkConsentRefs, checkMediaRefs, replaceConsentLinks } from './references.ts';
import { insertItemWithSlug } from './slug.ts';
import { replaceTargets, resolveTargets } from './targets.ts';

export interface CreateItemInput extends RevisionInput {
  unitId: string;
  title: string;
  body: string;
  theme: Theme;
}

/** A new content item of `unitId` with its first revision, a draft by the caller. */
export async function createItem(tx: Tx, caller: Caller, input: CreateItemInput): Promise<{ item: ContentItemRow; revision: RevisionRow }> {
  if ((await unitAncestry(tx, input.unitId)).length === 0) {
    throw invalid('UNIT_NOT_FOUND', '/unitId', { vi: 'Không tìm thấy đơn vị', en: 'Unit not found' });
  }
  await assertMayWrite(tx, caller, input.unitId);
  const fields = mergeFields(null, input);
  const targets = await resolveTargets(tx, caller, input.targets ?? []);
  const consentIds = (input.consentIds ?? []).map((id) => id.toLowerCase());
  await checkMediaRefs(tx, caller, fields.mediaIds);
  await checkConsentRefs(tx, caller, consentIds);

  const created = await insertItemWithSlug(tx, { unitId: input.unitId, createdBy: caller.userId }, fields.title);
  const [revision] = await tx.insert(revisions).values({ ...fields, itemId: created.id, number: 1, authorId: caller.userId, contributorIds: [caller.userId] }).returning();
  await replaceTargets(tx, revision!.id, targets);
  await replaceConsentLinks(tx, revision!.id, consentIds);
  const [item] = await tx.update(contentItems).set({ latestRevisionId: revision!.id }).where(eq(contentItems.id, created.id)).returning();
  await audit(tx, caller.actor, {
    action: 'content.create',
    entityType: 'content_item',
    entityId: item!.id,
    unitId: item!.unitId,
    data: { revisionId: revision!.id, revision: 1, slug: item!.slug, targets: targets.length },
  });
  return { item: item!, revision: revision! };
}
