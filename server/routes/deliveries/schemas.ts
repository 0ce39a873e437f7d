import { Type } from '@sinclair/typebox';
import { deliveryStates, themes } from '../../../db/schema/enums.ts';
import { deliveryPermits, type DeliveryScope } from '../../../core/deliveries/permits.ts';
import type { DeliveryListRow } from '../../../core/deliveries/queries.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);
const nullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const Messages = Type.Object({ vi: Type.String(), en: Type.String() });
const Permit = Type.Object({ allowed: Type.Boolean(), reason: Type.Union([Messages, Type.Null()]), code: nullableString });

export const DeliveryCan = Type.Object(
  {
    retry: Permit,
    publishNow: Permit,
    cancel: Permit,
    reschedule: Type.Intersect([
      Permit,
      Type.Object({
        mode: Type.Union([Type.Literal('move'), Type.Literal('revision'), Type.Null()], {
          description: 'move: an approver moves the approved time; revision: the move is submitted as a new revision for approval',
        }),
      }),
    ]),
    markReconciled: Permit,
    takeDown: Permit,
    retryCorrection: Permit,
  },
  { description: 'What the signed-in user may do to this delivery now, and why not (Vietnamese and English)' },
);

export const DeliveryView = Type.Object({
  id: Type.String(),
  state: Type.Union(deliveryStates.map((s) => Type.Literal(s))),
  itemId: Type.String(),
  unitId: Type.String(),
  revisionId: Type.String(),
  revisionNumber: Type.Integer(),
  title: Type.String(),
  theme: Type.Union(themes.map((t) => Type.Literal(t))),
  channel: Type.Object({ id: Type.String(), name: Type.String(), platform: Type.String(), unitId: Type.String() }),
  dueAt: Type.String({ format: 'date-time' }),
  approvedDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The time approved with the revision; differs from dueAt after an approver moved it' }),
  approvalExpiresAt: nullableTime,
  notBefore: nullableTime,
  holdReason: nullableString,
  attemptCount: Type.Integer({ description: 'Attempts since approval or the last manual retry (the retry budget)' }),
  attemptsMade: Type.Integer({ description: 'Attempts made in all, as listed by GET /deliveries/{id}' }),
  externalId: nullableString,
  externalUrl: nullableString,
  publishedAt: nullableTime,
  late: Type.Boolean(),
  lastError: Type.Union([Type.Object({ kind: nullableString, code: nullableString, message: nullableString }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
  correction: Type.Union(
    [
      Type.Object({
        state: Type.Union(['held', 'pending', 'updating', 'done', 'failed', 'superseded', 'replaced'].map((s) => Type.Literal(s)), {
          description: 'held: waits for this delivery to settle; pending/updating: the edit is under way; done: edited; failed: not edited (retry-correction); superseded: a newer revision took over; replaced: the older post never landed, the revision was posted anew',
        }),
        message: nullableString,
      }),
      Type.Null(),
    ],
    { description: 'The latest correction of this delivery\'s post to a newer approved revision, if any' },
  ),
  can: DeliveryCan,
});

export const AttemptView = Type.Object({
  number: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: nullableTime,
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  outcome: nullableString,
  errorKind: nullableString,
  errorCode: nullableString,
  platformCode: nullableString,
  excerpt: nullableString,
});

export function toDeliveryView(r: DeliveryListRow, scope: DeliveryScope) {
  const d = r.delivery;
  return {
    id: d.id,
    state: d.state,
    itemId: d.itemId,
    unitId: r.itemUnitId,
    revisionId: d.revisionId,
    revisionNumber: r.revisionNumber,
    title: r.title,
    theme: r.theme,
    channel: { id: d.channelId, name: r.channelName, platform: r.platform, unitId: r.channelUnitId },
    dueAt: d.dueAt.toISOString(),
    approvedDueAt: r.approvedDueAt?.toISOString() ?? null,
    approvalExpiresAt: r.revisionExpiresAt?.toISOString() ?? null,
    notBefore: d.notBefore?.toISOString() ?? null,
    holdReason: d.holdReason,
    attemptCount: d.attemptCount,
    attemptsMade: r.attemptsMade,
    externalId: d.externalId,
    externalUrl: d.externalUrl,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    late: d.late,
    lastError: d.lastErrorCode || d.lastErrorMessage ? { kind: d.lastErrorKind, code: d.lastErrorCode, message: d.lastErrorMessage } : null,
    updatedAt: d.updatedAt.toISOString(),
    correction: r.correction as { state: 'held' | 'pending' | 'updating' | 'done' | 'failed' | 'superseded' | 'replaced'; message: string | null } | null,
    can: deliveryPermits(scope, {
      state: d.state,
      itemUnitId: r.itemUnitId,
      channelUnitId: r.channelUnitId,
      revisionWriters: [r.revisionAuthorId, ...r.revisionContributorIds],
      isLatestRevision: r.latestRevisionId === d.revisionId,
      correctionState: r.correction?.state ?? null,
    }),
  };
}
