import { and, count, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { consents, deliveries, revisionConsents, revisions } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import { audit } from '../audit.ts';
import { cancelReasons } from '../content/cancel-reasons.ts';
import { isUuid } from '../content/load.ts';
import { mayOnUnit, type Caller } from '../content/permissions.ts';
import { cancelUnstartedDeliveries } from '../deliveries/cancel.ts';
import { unstartedStates } from '../deliveries/states.ts';
import { readableConsent } from './queries.ts';
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
  const { revisionIds, started } = await affectedByConsent(tx, found.id);
  const cancelled = await cancelUnstartedDeliveries(tx, caller.actor, revisionIds, cancelReasons.consentWithdrawn);
  await audit(tx, caller.actor, {
    action: 'consent.withdraw',
    entityType: 'consent',
    entityId: found.id,
    unitId: found.unitId,
    data: { reason: consent!.withdrawReason, revisionIds, deliveriesCancelled: cancelled, deliveriesStarted: started },
  });
  return { consent: consent!, cancelledDeliveries: cancelled, startedDeliveries: started };
}

/** What withdrawing would do, before confirming: the counts `withdrawConsent` then reports. */
export interface WithdrawalImpact {
  /** Approved revisions showing the person. */
  revisions: number;
  /** Deliveries not started yet: they will be cancelled. */
  toCancel: number;
  /** Deliveries already out or on their way: they need a takedown. */
  toTakeDown: number;
}

export async function withdrawalImpact(q: Queryable, caller: Caller, consentId: string): Promise<WithdrawalImpact> {
  const consent = await readableConsent(q, caller, consentId);
  const { revisionIds, started } = await affectedByConsent(q, consent.id);
  const [unstarted] = revisionIds.length
    ? await q
        .select({ n: count() })
        .from(deliveries)
        .where(and(inArray(deliveries.revisionId, revisionIds), inArray(deliveries.state, [...unstartedStates])))
    : [{ n: 0 }];
  return { revisions: revisionIds.length, toCancel: consent.withdrawnAt ? 0 : (unstarted?.n ?? 0), toTakeDown: started };
}

/** The approved revisions relying on a consent, and how many of their deliveries have started. */
async function affectedByConsent(q: Queryable, consentId: string): Promise<{ revisionIds: string[]; started: number }> {
  const using = await q
    .select({ id: revisions.id })
    .from(revisionConsents)
    .innerJoin(revisions, eq(revisions.id, revisionConsents.revisionId))
    .where(and(eq(revisionConsents.consentId, consentId), eq(revisions.state, 'approved')));
  const revisionIds = using.map((r) => r.id);
  const [started] = revisionIds.length
    ? await q
        .select({ n: count() })
        .from(deliveries)
        .where(and(inArray(deliveries.revisionId, revisionIds), inArray(deliveries.state, [...startedStates])))
    : [{ n: 0 }];
  return { revisionIds, started: started?.n ?? 0 };
}

/** Out or on their way: publishing, processing, unconfirmed, published. */
const startedStates = ['publishing', 'processing', 'unconfirmed', 'published'] as const;
