/** Time source, injected so tests and simulators can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Vietnam has no DST: Asia/Ho_Chi_Minh is always UTC+7. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Day, month, year, hour and minute in Vietnam time, 24-hour. */
const vnDayAndTime: Intl.DateTimeFormatOptions = { timeZone: VN_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const dayTimeParts = new Intl.DateTimeFormat('en-GB', vnDayAndTime);

/**
 * "23/11/2026 18:30" in Vietnam time: day first, then the 24-hour time — the order the web app
 * writes every time in (web/lib/time.ts `formatDateTime`), so an officer reads a deadline the same
 * way on the phone pages (/xa, /chia-se), in the app and in its notifications. Built from parts,
 * so it does not depend on the ICU data's Vietnamese pattern.
 */
export function formatVnDayTime(d: Date): string {
  const p = Object.fromEntries(dayTimeParts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "23/11/2026": the day of `formatVnDayTime`, for dates where the hour does not matter. */
export function formatVnDay(d: Date): string {
  return formatVnDayTime(d).slice(0, 10);
}
