import type { Queryable } from '../../db/client.ts';
import type { Period } from '../metrics/figures.ts';
import { metricKinds, type MetricKind } from '../metrics/kinds.ts';
import { scopeFigureRows } from './figures.ts';
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

/** The scope's figures week by week (each week computed like any report period, from the rollups). */
export async function weeklyTrend(q: Queryable, scope: ReportScope, period: Period): Promise<TrendPoint[]> {
  const weeks = weeksOf(period);
  const rows = await Promise.all(weeks.map((w) => scopeFigureRows(q, scope.root.id, scope.ids, w, { items: false })));
  return weeks.map((w, i) => {
    const figures = Object.fromEntries(metricKinds.map((k) => [k, null])) as Record<MetricKind, number | null>;
    for (const r of rows[i]!.channels) figures[r.kind] = (figures[r.kind] ?? 0) + r.value;
    return { ...w, label: `Tuần ${w.from.slice(8)}/${w.from.slice(5, 7)}`, figures };
  });
}
