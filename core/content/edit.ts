import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { contentItems, revisions } from '../../db/schema/index.ts';
import { audit } from '../audit.ts';
import { revisionImmutable, revisionInReview } from './errors.ts';
import { mergeFields, type RevisionInput } from './input.ts';
import { latestRevision, loadItem, revisionByNumber, type ContentItemRow, type RevisionRow } from './load.ts';
import { assertMayWrite, type Caller } from './permissions.ts';
import { checkConsentRefs, checkMediaRefs, copyConsentLinks, replaceConsentLinks } from './references.ts';
import { copyTargets, replaceTargets, resolveTargets } from './targets.ts';

/**
 * Edits an item: a draft is changed in place; a decided revision (rejected, approved,
 * superseded, expired) stays as it was and the edit becomes a new draft revision
 * (number + 1) copying it. An item awaiting review cannot be edited.
 */
export async function editItem(tx: Tx, caller: Caller, itemId: string, patch: RevisionInput): Promise<RevisionRow> {
  const item = await loadItem(tx, itemId, true);
  const latest = await latestRevision(tx, item);
  await assertEditable(tx, caller, item, latest);
  return latest.state === 'draft' ? updateDraft(tx, caller, item, latest, patch) : reviseFrom(tx, caller, item, latest, patch);
}

/** Whether the caller may edit the item now (throws the refusal); also behind the app's `can.edit`. */
export async function assertEditable(q: Queryable, caller: Caller, item: ContentItemRow, latest: RevisionRow): Promise<void> {
  await assertMayWrite(q, caller, item.unitId);
  if (latest.state === 'in_review') throw revisionInReview();
}

/** Edits one revision by number, which must still be a draft (a submitted revision is immutable). */
export async function editRevision(tx: Tx, caller: Caller, itemId: string, number: number, patch: RevisionInput): Promise<RevisionRow> {
  const item = await loadItem(tx, itemId, true);
  await assertMayWrite(tx, caller, item.unitId);
  const rev = await revisionByNumber(tx, item.id, number);
  if (rev.state !== 'draft') throw revisionImmutable(rev.state);
  return updateDraft(tx, caller, item, rev, patch);
}

/** The last person to edit a draft is its author; every editor stays a contributor, and none of them may approve it. */
async function updateDraft(tx: Tx, caller: Caller, item: ContentItemRow, rev: RevisionRow, patch: RevisionInput): Promise<RevisionRow> {
  const fields = mergeFields(rev, patch);
  await checkChangedRefs(tx, caller, patch);
  if (patch.targets !== undefined) await replaceTargets(tx, rev.id, await resolveTargets(tx, caller, patch.targets));
  if (patch.consentIds !== undefined) await replaceConsentLinks(tx, rev.id, lower(patch.consentIds));
  const [updated] = await tx.update(revisions).set({ ...fields, authorId: caller.userId, contributorIds: withContributor(rev.contributorIds, caller.userId) }).where(eq(revisions.id, rev.id)).returning();
  await audit(tx, caller.actor, {
    action: 'content.edit',
    entityType: 'content_item',
    entityId: item.id,
    unitId: item.unitId,
    data: { revisionId: rev.id, revision: rev.number, fields: Object.keys(patch) },
  });
  return updated!;
}

async function reviseFrom(tx: Tx, caller: Caller, item: ContentItemRow, from: RevisionRow, patch: RevisionInput): Promise<RevisionRow> {
  const fields = mergeFields(from, patch);
  await checkChangedRefs(tx, caller, patch);
  const targets = patch.targets !== undefined ? await resolveTargets(tx, caller, patch.targets) : null;
  const [rev] = await tx
    .insert(revisions)
    // The copied text is still its writers' work: they stay contributors of the new revision.
    .values({ ...fields, itemId: item.id, number: from.number + 1, authorId: caller.userId, contributorIds: withContributor(from.contributorIds, caller.userId) })
    .returning();
  if (targets) await replaceTargets(tx, rev!.id, targets);
  else await copyTargets(tx, from.id, rev!.id);
  if (patch.consentIds !== undefined) await replaceConsentLinks(tx, rev!.id, lower(patch.consentIds));
  else await copyConsentLinks(tx, from.id, rev!.id);
  await tx.update(contentItems).set({ latestRevisionId: rev!.id }).where(eq(contentItems.id, item.id));
  await audit(tx, caller.actor, {
    action: 'content.revise',
    entityType: 'content_item',
    entityId: item.id,
    unitId: item.unitId,
    data: { revisionId: rev!.id, revision: rev!.number, from: from.number, fromState: from.state, fields: Object.keys(patch) },
  });
  return rev!;
}

async function checkChangedRefs(tx: Tx, caller: Caller, patch: RevisionInput): Promise<void> {
  if (patch.mediaIds !== undefined) await checkMediaRefs(tx, caller, lower(patch.mediaIds));
  if (patch.consentIds !== undefined) await checkConsentRefs(tx, caller, lower(patch.consentIds));
}

function withContributor(contributors: readonly string[], userId: string): string[] {
  return contributors.includes(userId) ? [...contributors] : [...contributors, userId];
}

function lower(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
