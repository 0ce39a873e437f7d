import { Type, type Static } from '@sinclair/typebox';
import { metricKinds } from '../../../core/metrics/kinds.ts';
import { periodKinds, reportPeriod, type ReportPeriod } from '../../../core/reports/period.ts';
import { activityTypes, reportStates, themes, unitKinds } from '../../../db/schema/enums.ts';
import { platforms } from '../../../lib/platforms.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Time = Type.String({ format: 'date-time' });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });
export const UnitParams = Type.Object({ unitId: Uuid });

export const PeriodQuery = Type.Object({
  period: literals(periodKinds),
  from: Type.String({ format: 'date', description: 'First Vietnam day (for month/quarter/half/year: the first day of that period, e.g. 2026-10-01 for Q4)' }),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last Vietnam day, included (custom periods only; default: `from`)' })),
});

export function periodFromQuery(q: Static<typeof PeriodQuery>): ReportPeriod {
  return reportPeriod(q.period, q.from, q.to);
}

const Cell = Type.Object({
  value: Nullable(Type.Number()),
  applicable: Type.Boolean({ description: 'False: no platform of the row provides this figure ("không áp dụng")' }),
  unread: Type.Integer({ description: 'Publications of the row with no reading yet ("k lượt chưa có số liệu")' }),
  nextReadingAt: Nullable(Time),
});
const Cells = Type.Object(Object.fromEntries(metricKinds.map((k) => [k, Cell])) as Record<(typeof metricKinds)[number], typeof Cell>);
const Totals = Type.Object({ figures: Cells, items: Type.Integer(), deliveries: Type.Integer() });
const Compliance = Type.Object({
  pushes: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missed: Type.Integer(),
  awaiting: Type.Integer(),
  scheduled: Type.Integer(),
  cancelled: Type.Integer(),
  estimatedReach: Type.Number({ description: 'Zalo group members at confirmation; an audience size, never added to reach' }),
  clicks: Type.Number(),
});
const Period = Type.Object({ kind: literals(periodKinds), from: Day, to: Day, label: Type.String() });
const Weights = Type.Object({ onTime: Type.Number({ minimum: 0 }), coverage: Type.Number({ minimum: 0 }), engagement: Type.Number({ minimum: 0 }), activities: Type.Number({ minimum: 0 }) });
export const WeightsSchema = Weights;

export const ReportSchema = Type.Object({
  unit: Type.Object({ id: Uuid, name: Type.String(), kind: literals(unitKinds), kindLabel: Type.String(), parentId: Nullable(Uuid) }),
  period: Period,
  previousPeriod: Period,
  generatedAt: Time,
  totals: Totals,
  previous: Type.Object({
    figures: Type.Object({ views: NullableNumber, reach: NullableNumber, engagement: NullableNumber, clicks: NullableNumber }),
    items: Type.Integer(),
    deliveries: Type.Integer(),
    compliance: Compliance,
  }),
  byUnit: Type.Array(
    Type.Object({
      unitId: Uuid,
      name: Type.String(),
      kind: literals(unitKinds),
      kindLabel: Type.String(),
      own: Type.Boolean({ description: "The unit's own channels, not a child's subtree" }),
      figures: Cells,
      deliveries: Type.Integer(),
      compliance: Compliance,
      coverage: Nullable(Type.Number()),
      communes: Type.Integer(),
    }),
  ),
  byPlatform: Type.Array(Type.Object({ platform: literals(platforms), label: Type.String(), figures: Cells, deliveries: Type.Integer() })),
  byTheme: Type.Array(Type.Object({ theme: literals(themes), label: Type.String(), figures: Cells, deliveries: Type.Integer() })),
  byItem: Type.Array(
    Type.Object({
      itemId: Uuid,
      title: Type.String(),
      theme: literals(themes),
      themeLabel: Type.String(),
      figures: Cells,
      deliveries: Type.Integer(),
      covered: Type.Integer({ description: 'Communes whose groups received the item' }),
      coverage: Nullable(Type.Number({ description: 'covered ÷ communes in scope' })),
    }),
  ),
  byChannel: Type.Array(
    Type.Object({ channelId: Uuid, name: Type.String(), platform: literals(platforms), platformLabel: Type.String(), unitName: Type.String(), figures: Cells, deliveries: Type.Integer() }),
    { description: 'The first channels by reach (at most 50); every channel is in the XLSX and the `channels` CSV' },
  ),
  channelCount: Type.Optional(Type.Integer({ description: 'Channels in the report, byChannel lists the first of them (absent in snapshots saved before it)' })),
  compliance: Compliance,
  coverage: Type.Object({ communes: Type.Integer(), items: Type.Integer(), average: Nullable(Type.Number()), communesWithNothing: Type.Integer() }),
  activities: Type.Array(
    Type.Object({
      type: literals(activityTypes),
      label: Type.String(),
      unit: Type.String(),
      count: Type.Integer(),
      quantity: Type.Integer(),
      estimatedAudience: Type.Integer(),
      clicks: Type.Number(),
    }),
  ),
  ranking: Type.Object({
    weights: Weights,
    formula: Type.String(),
    rows: Type.Array(
      Type.Object({
        unitId: Uuid,
        name: Type.String(),
        rank: Type.Integer(),
        score: Type.Number(),
        onTime: Type.Integer(),
        late: Type.Integer(),
        missed: Type.Integer(),
        coverage: Nullable(Type.Number()),
        engagement: Type.Number(),
        activities: Type.Integer(),
        components: Type.Object(
          { onTime: Nullable(Type.Number()), coverage: Nullable(Type.Number()), engagement: Nullable(Type.Number()), activities: Nullable(Type.Number()) },
          { description: 'Each share 0–1; null where it does not apply to the unit (no commune, no push due), left out of its score' },
        ),
      }),
    ),
  }),
  submissions: Type.Array(
    Type.Object({ unitId: Uuid, name: Type.String(), reportId: Nullable(Uuid), state: Nullable(literals(reportStates)), submittedAt: Nullable(Time), totals: Nullable(Totals) }),
  ),
});

export const Narrative = Type.Object({
  number: Type.String({ maxLength: 100, description: 'Số/ký hiệu, e.g. 12/BC-CAT' }),
  place: Type.String({ maxLength: 100, description: 'Địa danh for "…, ngày … tháng … năm …"' }),
  summary: Type.String({ maxLength: 500, description: 'Trích yếu under "BÁO CÁO"' }),
  results: Type.String({ maxLength: 20000 }),
  shortcomings: Type.String({ maxLength: 20000 }),
  nextSteps: Type.String({ maxLength: 20000 }),
  recipients: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 30 }),
  signerTitle: Type.String({ maxLength: 200 }),
  signerName: Type.String({ maxLength: 200 }),
});

export const UnitReportView = Type.Object({
  id: Nullable(Uuid),
  unitId: Uuid,
  period: Period,
  state: literals(reportStates),
  narrative: Narrative,
  weights: Weights,
  submittedAt: Nullable(Time),
  decidedAt: Nullable(Time),
  returnComment: Nullable(Type.String()),
});

/** The draft as the page opens it, with whether the caller may write it (the editor reads, the manager writes). */
export const DraftView = Type.Composite([
  UnitReportView,
  Type.Object({ can: Type.Object({ write: Type.Boolean({ description: 'Whether the caller may edit, submit, receive or return reports of this unit (report.write)' }) }) }),
]);

export const DraftBody = Type.Composite([
  PeriodQuery,
  Type.Object({ narrative: Type.Optional(Type.Partial(Narrative)), weights: Type.Optional(Weights) }, { additionalProperties: false }),
]);

export const SubmittedView = Type.Object({
  report: UnitReportView,
  snapshot: Nullable(ReportSchema),
  live: ReportSchema,
  differences: Type.Array(Type.Object({ label: Type.String(), snapshot: Nullable(Type.Number()), live: Nullable(Type.Number()) })),
});

export const ActivityBody = Type.Object(
  {
    unitId: Uuid,
    type: literals(activityTypes),
    occurredOn: Day,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    estimatedAudience: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
    proofMediaId: Type.Optional(Nullable(Uuid)),
    itemId: Type.Optional(Nullable(Uuid)),
    linkId: Type.Optional(Nullable(Uuid)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const ActivityView = Type.Object({
  id: Uuid,
  unitId: Uuid,
  type: literals(activityTypes),
  typeLabel: Type.String(),
  occurredOn: Day,
  title: Type.String(),
  quantity: Type.Integer(),
  estimatedAudience: Nullable(Type.Integer()),
  proofMediaId: Nullable(Uuid),
  itemId: Nullable(Uuid),
  linkId: Nullable(Uuid),
  note: Nullable(Type.String()),
  clicks: Type.Number(),
  createdAt: Time,
});
