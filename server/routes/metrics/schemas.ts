import { Type } from '@sinclair/typebox';
import { metricKinds } from '../../../core/metrics/kinds.ts';
import { deliveryStates, themes } from '../../../db/schema/enums.ts';
import { platforms } from '../../../lib/platforms.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const nullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'First Vietnam day, YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last Vietnam day, included (default: today)' })),
});

export const UnitQuery = Type.Composite([PeriodQuery, Type.Object({ theme: Type.Optional(literals(themes)) })]);

export const BreakdownQuery = Type.Composite([
  UnitQuery,
  Type.Object({
    by: literals(['channel', 'item', 'theme', 'unit', 'platform'] as const),
    sort: Type.Optional(literals(metricKinds)),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  }),
]);

export const SamplesQuery = Type.Composite([
  PeriodQuery,
  Type.Object({
    metric: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  }),
]);

export const Figures = Type.Object(
  {
    views: Type.Number(),
    reach: Type.Number(),
    engagement: Type.Number(),
    clicks: Type.Number(),
  },
  { description: 'Each figure adds up like metrics only (docs/METRICS.md); views are never added to reach, clicks stand beside both.' },
);

const Period = Type.Object({ from: Type.String(), to: Type.String() });

const PlatformFigures = Type.Composite([Figures, Type.Object({ platform: literals(platforms), deliveries: Type.Integer() })]);

export const ScopeStats = Type.Object({
  period: Period,
  figures: Figures,
  /** Deliveries with at least one reading in the period. */
  deliveries: Type.Integer(),
  byPlatform: Type.Array(PlatformFigures),
});

export const GroupStats = Type.Composite([
  Figures,
  Type.Object({ key: Type.String(), label: Type.String(), platform: Type.Union([Type.String(), Type.Null()]), deliveries: Type.Integer() }),
]);

export const BreakdownPage = Type.Object({ period: Period, items: Type.Array(GroupStats), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const Reading = Type.Object({
  metric: Type.String(),
  kind: Type.Union([literals(metricKinds), Type.Null()]),
  value: Type.Number(),
  collectedAt: Type.String({ format: 'date-time' }),
  source: Type.String(),
});

export const DeliveryStats = Type.Object({
  id: Type.String(),
  state: literals(deliveryStates),
  itemId: Type.String(),
  title: Type.String(),
  theme: literals(themes),
  channel: Type.Object({ id: Type.String(), name: Type.String(), platform: literals(platforms) }),
  externalUrl: Type.Union([Type.String(), Type.Null()]),
  publishedAt: nullableTime,
  period: Period,
  figures: Figures,
  /** The latest reading of each metric, whatever the period. */
  latest: Type.Array(Reading),
  /** Where the delivery is in its reading cadence; null when it is over. */
  schedule: Type.Union([
    Type.Object({ step: Type.Integer(), nextAt: nullableTime, lastCollectedAt: nullableTime, lastErrorCode: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});

export const SamplesPage = Type.Object({
  items: Type.Array(Type.Object({ metric: Type.String(), value: Type.Number(), collectedAt: Type.String({ format: 'date-time' }), source: Type.String() })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
