import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { revisionConsentProblems } from '../consents/validity.ts';
import { editItem } from '../content/edit.ts';
import type { Caller } from '../content/permissions.ts';
import type { RenderDeps } from '../content/rendering.ts';
import { submitItem } from '../content/submit.ts';
import { moveDelivery } from './actions.ts';
import { deliveryScopeOf, permitError, reschedulePermit } from './permits.ts';
import { findDelivery, type DeliveryListRow } from './queries.ts';
import type { DeliveryRow } from './transition.ts';

export type RescheduleResult =
  | { outcome: 'moved'; delivery: DeliveryRow }
  | { outcome: 'revision_submitted'; revisionNumber: number };

/** A time a minute in the past is a slip of the hand; earlier than that is a mistake. */
const PAST_TOLERANCE_MS = 60_000;

/**
 * Moves a delivery to `dueAt`. Times are approved with the revision, so an approver
 * covering the item (and the channel) moves it directly, while an editor's move becomes a
 * new revision, copied from the approved one with this target's new time, submitted for
 * approval; the delivery keeps its approved time until that revision is approved. Either
 * way a time past the approval's expiry or past a consent's expiry is a 422.
 */
export async function rescheduleDelivery(tx: Tx, deps: RenderDeps, caller: Caller, id: string, dueAt: Date, now: Date): Promise<RescheduleResult> {
  const row = await findDelivery(tx, id, true);
  if (!row) throw notFound({ vi: 'lượt đăng', en: 'Delivery' }, '/id');
  const permit = reschedulePermit(await deliveryScopeOf(tx, caller), {
    state: row.delivery.state,
    itemUnitId: row.itemUnitId,
    channelUnitId: row.channelUnitId,
    revisionWriters: [row.revisionAuthorId, ...row.revisionContributorIds],
    isLatestRevision: row.latestRevisionId === row.delivery.revisionId,
    correctionState: row.correction?.state ?? null,
  });
  if (!permit.allowed) throw permitError(permit);
  await assertTimeAllowed(tx, row, dueAt, now);
  if (permit.mode === 'move') {
    const moved = await moveDelivery(tx, caller.actor, id, dueAt, { approvedDueAt: row.approvedDueAt });
    return { outcome: 'moved', delivery: moved };
  }
  const revision = await editItem(tx, caller, row.delivery.itemId, {});
  // The copy keeps every target at the time its delivery has now (an approver may have
  // moved some), and this one at the new time.
  await tx.execute(sql`
    update revision_targets t set publish_at = case when t.channel_id = ${row.delivery.channelId} then ${dueAt.toISOString()}::timestamptz else d.due_at end
    from deliveries d
    where t.revision_id = ${revision.id} and d.revision_id = ${row.delivery.revisionId} and d.channel_id = t.channel_id
      and (t.channel_id = ${row.delivery.channelId} or d.state in ('scheduled', 'retrying'))`);
  const submitted = await submitItem(tx, deps, caller, row.delivery.itemId, now);
  return { outcome: 'revision_submitted', revisionNumber: submitted.number };
}

async function assertTimeAllowed(tx: Tx, row: DeliveryListRow, dueAt: Date, now: Date): Promise<void> {
  if (dueAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw invalid('DUE_IN_PAST', '/dueAt', { vi: 'Giờ đăng mới đã qua; dùng "Đăng ngay" để đăng lúc này', en: 'The new time is in the past; use "Publish now" instead' });
  }
  if (row.revisionExpiresAt && dueAt >= row.revisionExpiresAt) {
    throw invalid('RESCHEDULE_AFTER_EXPIRY', '/dueAt', {
      vi: 'Giờ đăng mới sau thời điểm hết hạn của bản duyệt',
      en: 'The new time is after the approval expires',
    });
  }
  const [problem] = await revisionConsentProblems(tx, row.delivery.revisionId, { now, lastPublishAt: dueAt, platforms: [row.platform] });
  if (problem) throw invalid(problem.code, '/dueAt', problem.messages);
}
