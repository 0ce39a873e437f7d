import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

/** Times are stored UTC and shown in Vietnam time, as dd/MM/yyyy HH:mm. */
dayjs.extend(utc);
dayjs.extend(timezone);

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

export function vnTime(value: string | Date): dayjs.Dayjs {
  return dayjs(value).tz(VIETNAM_TZ);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? vnTime(value).format('DD/MM/YYYY HH:mm') : '';
}

export function formatDate(value: string | Date | null | undefined): string {
  return value ? vnTime(value).format('DD/MM/YYYY') : '';
}

/** Today's date in Vietnam as yyyy-mm-dd (a date input's value): before 07:00 the UTC date is still yesterday. */
export function vietnamToday(now: Date = new Date()): string {
  return vnTime(now).format('YYYY-MM-DD');
}

/** Start and end (exclusive) of today and of this week (Monday first) in Vietnam time, as UTC ISO strings. */
export function vietnamRanges(now: Date = new Date()): { today: [string, string]; week: [string, string] } {
  const local = vnTime(now).startOf('day');
  const weekStart = local.subtract((local.day() + 6) % 7, 'day');
  return {
    today: [local.toISOString(), local.add(1, 'day').toISOString()],
    week: [weekStart.toISOString(), weekStart.add(7, 'day').toISOString()],
  };
}

/**
 * A calendar day as an officer types it — dd/mm/yyyy (d/m/yyyy, or with '.' or '-'), or yyyy-mm-dd —
 * as yyyy-mm-dd; null when it is not a real day (31/02 does not roll over to March).
 */
export function parseTypedDate(text: string): string | null {
  const t = text.trim();
  const typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = typed ? `${typed[3]}-${typed[2]!.padStart(2, '0')}-${typed[1]!.padStart(2, '0')}` : t;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const day = dayjs(iso);
  return day.isValid() && day.format('YYYY-MM-DD') === iso ? iso : null;
}

/** A day and a 24-hour time typed as dd/mm/yyyy HH:mm, as yyyy-mm-dd HH:mm:ss (wall clock, no zone); null otherwise. */
export function parseTypedDateTime(text: string): string | null {
  const m = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(text.trim());
  const day = m ? parseTypedDate(m[1]!) : null;
  if (!m || !day || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return `${day} ${m[2]!.padStart(2, '0')}:${m[3]}:00`;
}

/** A calendar day typed in Vietnam as dd/mm/yyyy (or yyyy-mm-dd): the UTC instant it starts, or undefined. */
export function vietnamDayStart(text: string): string | undefined {
  const iso = parseTypedDate(text);
  return iso ? dayjs.tz(iso, VIETNAM_TZ).toISOString() : undefined;
}
