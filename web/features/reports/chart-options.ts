import type { Report } from './api.ts';
import { fmt } from './format.ts';

type T = (k: string) => string;
type Cells = Report['totals']['figures'];

// Axis numbers as the tables write them (15.000), not ECharts' English 15,000.
const axisLabel = { formatter: (v: number) => fmt(v) };

/**
 * Reach and engagement bars of a breakdown's first 12 rows, labels sized to their text (a fixed 200 px left a phone ~150 px of bars).
 * Null when none of them has a reading: empty axes would look like a chart that failed to load.
 */
export function barChart(rows: { label: string; figures: Cells }[], t: T) {
  const top = rows.slice(0, 12).reverse();
  if (!top.some((r) => r.figures.reach.value !== null || r.figures.engagement.value !== null)) return null;
  return {
    legend: { bottom: 0 },
    grid: { left: 8, right: 20, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: 'value', axisLabel },
    yAxis: { type: 'category', data: top.map((r) => (r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label)) },
    series: (['reach', 'engagement'] as const).map((k) => ({ name: t(`reports.figure.${k}`), type: 'bar', data: top.map((r) => r.figures[k].value) })),
  };
}

/** Reach, views and engagement per week of the period; null when no week has a reading (as barChart). */
export function trendChart(weeks: { label: string; figures: Record<'reach' | 'views' | 'engagement', number | null> }[], t: T) {
  if (!weeks.some((w) => Object.values(w.figures).some((v) => v !== null))) return null;
  return {
    legend: { bottom: 0 },
    grid: { left: 8, right: 20, top: 10, bottom: 50, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => w.label.replace('Tuần ', '')) },
    yAxis: { type: 'value', axisLabel },
    series: (['reach', 'views', 'engagement'] as const).map((k) => ({ name: t(`reports.figure.${k}`), type: 'line', data: weeks.map((w) => w.figures[k]) })),
  };
}
