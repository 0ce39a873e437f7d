import { vietnamToday } from '../../lib/time.ts';

/**
 * The reports' default period and year list, from the date in Vietnam: the browser's own
 * clock may still be on 31 December while it is already 1 January in Vietnam (before 07:00).
 */
export function vietnamQuarterStart(now: Date = new Date()): string {
  const [year, month] = vietnamToday(now).split('-').map(Number) as [number, number];
  return `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

/** This year in Vietnam and the five before it, newest first. */
export function reportYears(now: Date = new Date()): string[] {
  const thisYear = Number(vietnamToday(now).slice(0, 4));
  return Array.from({ length: 6 }, (_, i) => String(thisYear - i));
}

/**
 * The first day of the calendar period holding `from` (a link or bookmark may carry any day
 * of it, e.g. ?period=quarter&from=2026-10-15): the page then shows the period its pickers
 * name instead of the server's refusal. A custom period, or a day that is not a date, is kept.
 */
export function periodStart(kind: 'month' | 'quarter' | 'half' | 'year' | 'custom', from: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(from);
  if (kind === 'custom' || !m) return from;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return from;
  // Looked up by the address bar's word, which may be none of these (the server then says so).
  const first = ({ month, quarter: month - ((month - 1) % 3), half: month <= 6 ? 1 : 7, year: 1 } as Record<string, number>)[kind];
  if (first === undefined) return from;
  return `${m[1]}-${String(first).padStart(2, '0')}-01`;
}
