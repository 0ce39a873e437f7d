import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { approvals, revisions } from '../../db/schema/index.ts';
import { nfc } from '../../lib/text.ts';
import { audit } from '../audit.ts';
import { notifyUsers } from '../notifications/notify.ts';
import { openDecision, type DecisionInput } from './decision.ts';
import { commentRequired } from './errors.ts';
import type { RevisionRow } from './load.ts';
import type { Caller } from './permissions.ts';

/** Rejects the revision in review with a reason the author can act on; the author is told. */
export async function rejectItem(tx: Tx, caller: Caller, itemId: string, input: DecisionInput, now: Date): Promise<RevisionRow> {
  const comment = nfc(input.comment ?? '').trim();
  if (!comment) throw commentRequired();
  const { item, rev } = await openDecision(tx, caller, itemId, input);
  await tx.insert(approvals).values({ revisionId: rev.id, decision: 'rejected', comment, decidedBy: caller.userId, decidedAt: now });
  const [rejected] = await tx.update(revisions).set({ state: 'rejected', decidedAt: now }).where(eq(revisions.id, rev.id)).returning();
  await notifyUsers(tx, [rev.authorId], {
    kind: 'content_rejected',
    title: { vi: `Bài bị từ chối: ${rev.title}`, en: `Rejected: ${rev.title}` },
    body: { vi: comment, en: comment },
    data: { itemId: item.id, revisionId: rev.id, revision: rev.number },
  });
  await audit(tx, caller.actor, {
    action: 'content.reject',
    entityType: 'content_item',
    entityId: item.id,
    unitId: item.unitId,
    data: { revisionId: rev.id, revision: rev.number, comment },
  });
  return rejected!;
}
