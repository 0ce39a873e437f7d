import { and, eq, getTableColumns, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { approvals, contentItems, revisions } from '../../db/schema/index.ts';
import { nfc } from '../../lib/text.ts';
import { audit } from '../audit.ts';
import { planCorrections } from '../corrections/plan.ts';
import type { CorrectionPolicy } from '../corrections/policy.ts';
import { startCorrections } from '../corrections/start.ts';
import { cancelUnstartedDeliveries } from '../deliveries/cancel.ts';
import { createDeliveriesForRevision } from '../deliveries/create.ts';
import { cancelReasons } from './cancel-reasons.ts';
import { checkPublishable } from './checks.ts';
import { assertInReview, type DecisionInput } from './decision.ts';
import { approverTargetScope } from './errors.ts';
import { freezeSamples } from './frozen.ts';
import { latestRevision, loadItem, type RevisionRow } from './load.ts';
import { approverUnits, type Caller } from './permissions.ts';
import type { RenderDeps } from './rendering.ts';
import { summariseTargets } from './targets.ts';

/**
 * Approves the revision in review, in one transaction: re-checks it, freezes its
 * per-channel renderings and template version, supersedes the previously approved
 * revision (cancelling its deliveries that have not started) and creates one delivery
 * per target. What goes out is exactly what was approved. Where a target channel already
 * shows an older revision, its channel's correction behaviour applies instead of a second
 * post (core/corrections).
 * The targets are checked in PostgreSQL from a summary, and their renderings frozen from the
 * renderings of a few samples (`summariseTargets`, `freezeSamples`: one per platform and the
 * overrides): same refusals, and every target reads the rendering it would from checking and
 * freezing a list of every target, without one object (nor one map entry) per target.
 */
export async function approveItem(
  tx: Tx,
  deps: RenderDeps & { corrections: CorrectionPolicy },
  caller: Caller,
  itemId: string,
  input: DecisionInput,
  now: Date,
): Promise<{ revision: Omit<RevisionRow, 'frozenRenderings'>; deliveryIds: string[]; corrections: number; superseded: number[] }> {
  const item = await loadItem(tx, itemId, true);
  const rev = await latestRevision(tx, item);
  assertInReview(rev, input);
  const covered = await approverUnits(tx, caller, item.unitId, rev.contributorIds);
  const targets = await summariseTargets(tx, rev, [...covered], now);
  if (targets.firstOutside) throw approverTargetScope(targets.firstOutside.channelName);
  const renderings = await checkPublishable(tx, deps, item, rev, { ...targets, rendered: targets.samples }, now);
  const comment = nfc(input.comment ?? '').trim();
  await tx.insert(approvals).values({ revisionId: rev.id, decision: 'approved', comment, decidedBy: caller.userId, decidedAt: now });

  const superseded = await tx
    .update(revisions)
    .set({ state: 'superseded' })
    .where(and(eq(revisions.itemId, item.id), eq(revisions.state, 'approved'), ne(revisions.id, rev.id)))
    .returning({ id: revisions.id, number: revisions.number });
  const cancelled = await cancelUnstartedDeliveries(tx, caller.actor, superseded.map((s) => s.id), cancelReasons.superseded, { keepResumable: true });
  for (const s of superseded) {
    await audit(tx, caller.actor, {
      action: 'content.supersede',
      entityType: 'content_item',
      entityId: item.id,
      unitId: item.unitId,
      data: { revisionId: s.id, revision: s.number, by: rev.number, deliveriesCancelled: cancelled },
    });
  }

  const { frozenRenderings: _written, ...columns } = getTableColumns(revisions);
  const [approved] = await tx
    .update(revisions)
    .set({ state: 'approved', decidedAt: now, templateVersion: renderings[0]!.templateVersion, frozenRenderings: freezeSamples(targets.samples, renderings) })
    .where(eq(revisions.id, rev.id))
    .returning(columns);
  await tx.update(contentItems).set({ approvedRevisionId: rev.id }).where(eq(contentItems.id, item.id));
  const plan = await planCorrections(tx, deps.corrections, { id: rev.id, itemId: item.id });
  const corrected = await startCorrections(tx, caller.actor, { revisionId: rev.id, unitId: item.unitId, plan, now });
  const deliveryIds = await createDeliveriesForRevision(tx, caller.actor, rev.id, now, corrected);
  await audit(tx, caller.actor, {
    action: 'content.approve',
    entityType: 'content_item',
    entityId: item.id,
    unitId: item.unitId,
    data: { revisionId: rev.id, revision: rev.number, comment, deliveries: deliveryIds.length, corrections: corrected.length, templateVersion: approved!.templateVersion },
  });
  return { revision: approved!, deliveryIds, corrections: corrected.length, superseded: superseded.map((s) => s.number) };
}
