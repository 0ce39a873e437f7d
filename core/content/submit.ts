import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { revisions } from '../../db/schema/index.ts';
import { audit } from '../audit.ts';
import { checkPublishable, listedTargets } from './checks.ts';
import { notDraft } from './errors.ts';
import { latestRevision, loadItem, type ContentItemRow, type RevisionRow } from './load.ts';
import { notifyApprovers } from './notify-approvers.ts';
import { assertMayWrite, type Caller } from './permissions.ts';
import type { RenderDeps } from './rendering.ts';
import { assertTargetsWritable, targetsOf, type TargetChannel } from './targets.ts';

/** Whether the caller may send this revision for review (throws the refusal); also behind `can.submit`. */
export async function assertSubmittable(q: Queryable, caller: Caller, item: ContentItemRow, rev: RevisionRow, targets: readonly TargetChannel[]): Promise<void> {
  await assertMayWrite(q, caller, item.unitId);
  if (rev.state !== 'draft') throw notDraft(rev.state);
  await assertTargetsWritable(q, caller, targets);
}

/**
 * Sends the item's draft for review. From here on the revision is immutable. Refused
 * with 422 naming the field when it could not go out as it stands.
 */
export async function submitItem(tx: Tx, deps: RenderDeps, caller: Caller, itemId: string, now: Date): Promise<RevisionRow> {
  const item = await loadItem(tx, itemId, true);
  const rev = await latestRevision(tx, item);
  const targets = await targetsOf(tx, rev.id);
  await assertSubmittable(tx, caller, item, rev, targets);
  await checkPublishable(tx, deps, item, rev, listedTargets(rev, targets, now), now);
  const [submitted] = await tx
    .update(revisions)
    .set({ state: 'in_review', submittedAt: now })
    .where(and(eq(revisions.id, rev.id), eq(revisions.state, 'draft')))
    .returning();
  const notified = await notifyApprovers(tx, item, submitted!, targets);
  await audit(tx, caller.actor, {
    action: 'content.submit',
    entityType: 'content_item',
    entityId: item.id,
    unitId: item.unitId,
    data: { revisionId: rev.id, revision: rev.number, targets: targets.length, approversNotified: notified.length },
  });
  return submitted!;
}
