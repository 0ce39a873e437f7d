import { Type } from '@sinclair/typebox';
import { deliveryStates } from '../../../db/schema/enums.ts';
import type { getDelivery } from '../../../core/deliveries/queries.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);
const nullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const DeliveryView = Type.Object({
  id: Type.String(),
  state: Type.Union(deliveryStates.map((s) => Type.Literal(s))),
  itemId: Type.String(),
  revisionId: Type.String(),
  title: Type.String(),
  channel: Type.Object({ id: Type.String(), name: Type.String(), platform: Type.String() }),
  dueAt: Type.String({ format: 'date-time' }),
  notBefore: nullableTime,
  holdReason: nullableString,
  attemptCount: Type.Integer(),
  externalId: nullableString,
  externalUrl: nullableString,
  publishedAt: nullableTime,
  late: Type.Boolean(),
  lastError: Type.Union([Type.Object({ kind: nullableString, code: nullableString, message: nullableString }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
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

type Row = Omit<NonNullable<Awaited<ReturnType<typeof getDelivery>>>, 'attempts'>;

export function toDeliveryView(r: Row) {
  const d = r.delivery;
  return {
    id: d.id,
    state: d.state,
    itemId: d.itemId,
    revisionId: d.revisionId,
    title: r.title,
    channel: { id: d.channelId, name: r.channelName, platform: r.platform },
    dueAt: d.dueAt.toISOString(),
    notBefore: d.notBefore?.toISOString() ?? null,
    holdReason: d.holdReason,
    attemptCount: d.attemptCount,
    externalId: d.externalId,
    externalUrl: d.externalUrl,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    late: d.late,
    lastError: d.lastErrorCode || d.lastErrorMessage ? { kind: d.lastErrorKind, code: d.lastErrorCode, message: d.lastErrorMessage } : null,
    updatedAt: d.updatedAt.toISOString(),
  };
}
