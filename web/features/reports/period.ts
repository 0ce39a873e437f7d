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
