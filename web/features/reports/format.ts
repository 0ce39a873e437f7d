import type { Report } from './api.ts';

export type Cell = Report['totals']['figures']['reach'];
const number = new Intl.NumberFormat('vi-VN');
const clock = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });

/** A figure as the report prints it: never 0 for "not read yet", never a number where it does not apply. */
export function cellText(c: Cell, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!c.applicable) return t('reports.notApplicable');
  const next = c.nextReadingAt ? ` (${t('reports.nextReading', { at: clock.format(new Date(c.nextReadingAt)) })})` : '';
  if (c.value === null) return `${t('reports.noData')}${next}`;
  if (c.unread > 0) return `${number.format(c.value)} + ${t('reports.unread', { count: c.unread })}${next}`;
  return number.format(c.value);
}

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : number.format(n));
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${number.format(Math.round(n * 1000) / 10)}%`);
