import { vnTime } from '../../lib/time.ts';
import type { Report } from './api.ts';

export type Cell = Report['totals']['figures']['reach'];
const number = new Intl.NumberFormat('vi-VN');
// Day/month as the rest of the app writes them (Intl's vi-VN gave "04:12 07-12").
const clock = (at: string) => vnTime(at).format('HH:mm DD/MM');

/** A figure as the report prints it: never 0 for "not read yet", never a number where it does not apply. */
export function cellText(c: Cell, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!c.applicable) return t('reports.notApplicable');
  const next = c.nextReadingAt ? ` (${t('reports.nextReading', { at: clock(c.nextReadingAt) })})` : '';
  if (c.value === null) return `${t('reports.noData')}${next}`;
  if (c.unread > 0) return `${number.format(c.value)} + ${t('reports.unread', { count: c.unread })}${next}`;
  return number.format(c.value);
}

/** A total's headline: the number alone, or "–" when there is none yet; cellText says the rest beneath it. */
export const headline = (c: Cell) => (c.applicable && c.value !== null ? number.format(c.value) : '–');

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : number.format(n));
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${number.format(Math.round(n * 1000) / 10)}%`);
