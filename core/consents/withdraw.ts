import { and, count, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { consents, deliveries, revisionConsents, revisions } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import { audit } from '../audit.ts';
import { cancelReasons } from '../content/cancel-reasons.ts';
import { isUuid } from '../content/load.ts';
import { mayOnUnit, type Caller } from '../content/permissions.ts';
import { cancelUnstartedDeliveries } from '../deliveries/cancel.ts';
import { consentForbidden } from './create.ts';
import type { ConsentRow } from './validity.ts';

export interface WithdrawResult {
  consent: ConsentRow;
  /** Deliveries cancelled before anything went out. */
  cancelledDeliveries: number;
  /** Deliveries already out or on their way (publishing, processing, unconfirmed, published): they need a takedown. */
  startedDeliveries: number;
}

/**
 * A person withdraws their consent: from now on nothing showing them goes out. Every
 * approved revision relying on it has its unstarted deliveries cancelled (reason
 * CONSENT_WITHDRAWN); workers check consents again when they claim a delivery.
 */
export async function withdrawConsent(tx: Tx, caller: Caller, consentId: string, reason: string, now: Date): Promise<WithdrawResult> {
  const [found] = isUuid(consentId) ? await tx.select().from(consents).where(eq(consents.id, consentId)).for('update') : [];
  if (!found) throw notFound({ vi: 'bản đồng ý', en: 'Consent' });
  if (!(await mayOnUnit(tx, caller, 'consent.manage', found.unitId))) throw consentForbidden();
  if (found.withdrawnAt) {
    throw conflict('CONSENT_ALREADY_WITHDRAWN', { vi: 'Bản đồng ý này đã được rút lại trước đó', en: 'This consent was already withdrawn' });
  }
  const [consent] = await tx
    .update(consents)
    .set({ withdrawnAt: now, withdrawReason: nfc(reason).trim() })
    .where(eq(consents.id, found.id))
    .returning();
  const using = await tx
    .select({ id: revisions.id })
    .from(revisionConsents)
    .innerJoin(revisions, eq(revisions.id, revisionConsents.revisionId))
    .where(and(eq(revisionConsents.consentId, found.id), eq(revisions.state, 'approved')));
  const revisionIds = using.map((r) => r.id);
  const cancelled = await cancelUnstartedDeliveries(tx, caller.actor, revisionIds, cancelReasons.consentWithdrawn);
  const [started] = revisionIds.length
    ? await tx
        .select({ n: count() })
        .from(deliveries)
        .where(and(inArray(deliveries.revisionId, revisionIds), inArray(deliveries.state, ['publishing', 'processing', 'unconfirmed', 'published'])))
    : [{ n: 0 }];
  await audit(tx, caller.actor, {
    action: 'consent.withdraw',
    entityType: 'consent',
    entityId: found.id,
    unitId: found.unitId,
    data: { reason: consent!.withdrawReason, revisionIds, deliveriesCancelled: cancelled, deliveriesStarted: started?.n ?? 0 },
  });
  return { consent: consent!, cancelledDeliveries: cancelled, startedDeliveries: started?.n ?? 0 };
}
