import { Deferral } from '../contract.ts';
import { deferralReason, SEND } from '../deferral-reason.ts';

/**
 * An optional daily window in which the portal takes posts (`settings.sendWindow =
 * { from: "07:00", to: "21:30" }`, Vietnam time, seconds allowed, may span midnight):
 * agency portals whose editors review incoming posts may not want them at night. Outside
 * it, publishing is deferred to the window's next opening — waiting, not failing.
 */
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

export function checkSendWindow(window: unknown, now: Date): void {
  if (!window || typeof window !== 'object') return;
  const { from, to } = window as { from?: unknown; to?: unknown };
  const start = secondsOfDay(from);
  const end = secondsOfDay(to);
  if (start === null || end === null || start === end) return;
  const localMs = (now.getTime() + VN_OFFSET_MS) % DAY_MS;
  const s = localMs / 1000;
  const inside = start < end ? s >= start && s < end : s >= start || s < end;
  if (inside) return;
  const waitMs = (((start * 1000 - localMs) % DAY_MS) + DAY_MS) % DAY_MS;
  const when = new Date(now.getTime() + waitMs);
  throw new Deferral(
    when,
    deferralReason({ vi: `Ngoài khung giờ nhận bài của cổng (${from}–${to} giờ Việt Nam)`, en: `Outside the portal's window (${from}–${to} Vietnam time)` }, when, SEND),
    'WEBHOOK_SEND_WINDOW',
  );
}

function secondsOfDay(v: unknown): number | null {
  const m = typeof v === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(v) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : null;
}
