import { formatVnDayTime } from '../lib/clock.ts';

type Messages = { vi: string; en: string };

/**
 * A deferral's reason as officers read it on the board and in the delivery's history: what
 * holds the post first, then what Loa does next and when, in the app's dd/mm/yyyy HH:mm order
 * (Vietnam time) — "Ngoài khung giờ gửi tin của Zalo OA (06:00–20:00 giờ Việt Nam); Loa sẽ gửi
 * vào 24/11/2026 06:00". Every connector words its deferrals through this, so they read alike.
 */
export function deferralReason(why: Messages, when: Date, next: Messages = { vi: 'thử lại', en: 'try again' }): Messages {
  const at = formatVnDayTime(when);
  return { vi: `${why.vi}; Loa sẽ ${next.vi} vào ${at}`, en: `${why.en}; Loa will ${next.en} at ${at} (Vietnam time)` };
}

export const SEND: Messages = { vi: 'gửi', en: 'send it' };
export const GO_ON: Messages = { vi: 'gửi tiếp', en: 'go on' };
