import { VN_TIME_ZONE } from '../../lib/clock.ts';

const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: VN_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: VN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "23/11/2026" in Vietnam time. */
export function formatVnDate(d: Date): string {
  return dateFormat.format(d);
}

/** The calendar day in Asia/Ho_Chi_Minh as YYYY-MM-DD (page views are counted per local day). */
export function vnDay(d: Date): string {
  return dayKeyFormat.format(d);
}

/** A short plain-text excerpt for descriptions: whole words, at most `max` characters. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`;
}
