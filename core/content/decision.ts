import type { Queryable, Tx } from '../../db/client.ts';
import { notInReview, staleDecision } from './errors.ts';
import { latestRevision, loadItem, type ContentItemRow, type RevisionRow } from './load.ts';
import { assertMayDecide, type Caller } from './permissions.ts';
import { targetsOf, type TargetChannel } from './targets.ts';

export interface DecisionInput {
  comment?: string | undefined;
  /** The revision number the approver reviewed; refused if another one is now in review. */
  revision?: number | undefined;
}

/** Locks the item and returns its revision in review, once the caller may decide on it. */
export async function openDecision(
  tx: Tx,
  caller: Caller,
  itemId: string,
  input: DecisionInput,
): Promise<{ item: ContentItemRow; rev: RevisionRow; targets: TargetChannel[] }> {
  const item = await loadItem(tx, itemId, true);
  const rev = await latestRevision(tx, item);
  const targets = await targetsOf(tx, rev.id);
  await assertDecidable(tx, caller, item, rev, targets, input);
  return { item, rev, targets };
}

/**
 * Whether the caller may approve or reject `rev` now; throws the refusal. Shared by the
 * decision itself and the `can` flags the app shows, so both say the same.
 */
export async function assertDecidable(
  q: Queryable,
  caller: Caller,
  item: ContentItemRow,
  rev: RevisionRow,
  targets: readonly TargetChannel[],
  input: DecisionInput = {},
): Promise<void> {
  assertInReview(rev, input);
  await assertMayDecide(q, caller, item.unitId, rev.contributorIds, targets);
}

/** The revision is the one in review (and the one the approver reviewed, when named). */
export function assertInReview(rev: RevisionRow, input: DecisionInput = {}): void {
  if (rev.state !== 'in_review') throw notInReview(rev.state);
  if (input.revision !== undefined && input.revision !== rev.number) throw staleDecision(input.revision, rev.number);
}
