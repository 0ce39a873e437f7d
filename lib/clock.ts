/** Time source, injected so tests and simulators can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Vietnam has no DST: Asia/Ho_Chi_Minh is always UTC+7. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Formats an instant as Vietnamese local time, e.g. "23/11/2026 18:30". */
export function formatVnDateTime(d: Date): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: VN_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}
