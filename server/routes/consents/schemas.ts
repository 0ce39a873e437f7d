import { Type } from '@sinclair/typebox';
import { platforms } from '../../../db/schema/enums.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const PlatformSchema = Type.Unsafe<(typeof platforms)[number]>({ type: 'string', enum: [...platforms] });

export const CreateConsentBody = Type.Object(
  {
    unitId: Uuid,
    personName: Type.String({ minLength: 1, maxLength: 200 }),
    scope: Type.String({ minLength: 1, maxLength: 2_000, description: 'What the person agreed to, e.g. "ảnh, tên, câu chuyện"' }),
    platforms: Type.Array(PlatformSchema, { maxItems: platforms.length, description: 'Platforms covered; empty = all' }),
    grantedAt: DateTime,
    expiresAt: Type.Optional(NullableDateTime),
    documentMediaId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2_000 }) }, { additionalProperties: false });

export const ConsentListQuery = Type.Object(
  {
    unitId: Type.Optional(Uuid),
    status: Type.Optional(Type.Unsafe<'valid' | 'withdrawn' | 'expired'>({ type: 'string', enum: ['valid', 'withdrawn', 'expired'] })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the person’s name; accents and case ignored' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ConsentView = Type.Object({
  id: Uuid,
  unitId: Uuid,
  personName: Type.String(),
  scope: Type.String(),
  platforms: Type.Array(Type.String()),
  grantedAt: DateTime,
  expiresAt: Type.Union([DateTime, Type.Null()]),
  withdrawnAt: Type.Union([DateTime, Type.Null()]),
  withdrawReason: Type.Union([Type.String(), Type.Null()]),
  documentMediaId: Type.Union([Uuid, Type.Null()]),
  recordedBy: Uuid,
  createdAt: DateTime,
});

export const ConsentDetailView = Type.Object({
  consent: ConsentView,
  usedBy: Type.Array(
    Type.Object({ itemId: Uuid, slug: Type.String(), revision: Type.Integer(), state: Type.String(), title: Type.String() }),
    { description: 'Revisions that show this person' },
  ),
});

export const WithdrawResultView = Type.Object({
  consent: ConsentView,
  cancelledDeliveries: Type.Integer({ description: 'Deliveries cancelled before anything went out' }),
  startedDeliveries: Type.Integer({ description: 'Deliveries already out or on their way: they need a takedown' }),
});

export const WithdrawalImpactView = Type.Object({
  revisions: Type.Integer({ description: 'Approved revisions showing the person' }),
  toCancel: Type.Integer({ description: 'Deliveries not started yet: withdrawing cancels them' }),
  toTakeDown: Type.Integer({ description: 'Deliveries already out or on their way: they need a takedown' }),
});
