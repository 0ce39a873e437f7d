import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { Period } from '../metrics/figures.ts';
import { COUNTED_METRICS, kindOf, metricKinds, type MetricKind } from '../metrics/kinds.ts';
import { scopeTotals } from './figures.ts';
import type { ReportScope } from './scope.ts';

/** One week of the trend: the figures of that week as a period of its own (docs/METRICS.md). */
export interface TrendPoint {
  from: string;
  to: string;
  /** "Tuần 05/10" — the week's first day inside the period. */
  label: string;
  figures: Record<MetricKind, number | null>;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Monday-to-Sunday weeks cut to the period (the first and last may be shorter). */
export function weeksOf(period: Period): Period[] {
  const weeks: Period[] = [];
  let from = period.from;
  while (from <= period.to) {
    const weekday = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const sunday = addDays(from, 6 - weekday);
    const to = sunday < period.to ? sunday : period.to;
    weeks.push({ from, to });
    from = addDays(to, 1);
  }
  return weeks;
}

const emptyFigures = () => Object.fromEntries(metricKinds.map((k) => [k, null])) as Record<MetricKind, number | null>;

/**
 * The scope's figures week by week, each week as a period of its own (docs/METRICS.md). Whole
 * weeks come in one query from the weekly rollup of the scope's root; a week cut by the
 * period's start or end (at most two) is computed like any other report period's totals.
 */
export async function weeklyTrend(q: Queryable, scope: ReportScope, period: Period): Promise<TrendPoint[]> {
  const weeks = weeksOf(period);
  const whole = new Set(weeks.filter((w) => addDays(w.from, 6) === w.to).map((w) => w.from));
  const [rows, cut] = await Promise.all([
    q.execute<{ week: string; platform: Platform; metric: string; value: number }>(sql`
      select week::text as week, platform, metric, value from rollup_week_metrics
      where unit_id = ${scope.root.id} and week between ${period.from}::date and ${period.to}::date
        and metric = any(${`{${COUNTED_METRICS.join(',')}}`}::text[])`),
    Promise.all(weeks.filter((w) => !whole.has(w.from)).map(async (w) => ({ from: w.from, totals: await scopeTotals(q, scope.root.id, scope.ids, w) }))),
  ]);
  const figuresOf = new Map(weeks.map((w) => [w.from, emptyFigures()]));
  const add = (from: string, kind: MetricKind | null, value: number) => {
    const f = figuresOf.get(from);
    if (f && kind) f[kind] = (f[kind] ?? 0) + value;
  };
  for (const r of rows) if (whole.has(r.week)) add(r.week, kindOf(r.platform, r.metric), Number(r.value));
  for (const c of cut) for (const kind of metricKinds) if (c.totals[kind] !== null) add(c.from, kind, c.totals[kind]);
  return weeks.map((w) => ({ ...w, label: `Tuần ${w.from.slice(8)}/${w.from.slice(5, 7)}`, figures: figuresOf.get(w.from)! }));
}
