import { Deferral } from '../contract.ts';
import { deferralReason, SEND } from '../deferral-reason.ts';
import type { SendWindow, ZaloSettings } from './settings.ts';

/**
 * The OA's sending rules in Vietnam time (UTC+7, no DST): a daily send window, at most N
 * broadcasts a day and M a calendar month. Outside them a delivery is deferred — waiting,
 * not failing — to the next allowed moment, with the reason shown in Vietnamese.
 */
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** Midnight (Vietnam) of the day containing `t`, as a UTC instant. */
export function vnDayStart(t: Date): Date {
  const local = t.getTime() + VN_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - VN_OFFSET_MS);
}

/** Midnight (Vietnam) of the first day of the month containing `t`. */
export function vnMonthStart(t: Date): Date {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - VN_OFFSET_MS);
}

function nextVnMonthStart(t: Date): Date {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - VN_OFFSET_MS);
}

export function insideWindow(w: SendWindow, t: Date): boolean {
  const sec = (t.getTime() - vnDayStart(t).getTime()) / 1000;
  return sec >= w.startSec && sec < w.endSec;
}

/** The first opening of the window strictly after `t` (today's if it is still ahead, else tomorrow's). */
export function nextOpening(w: SendWindow, t: Date): Date {
  const today = new Date(vnDayStart(t).getTime() + w.startSec * 1000);
  return today.getTime() > t.getTime() ? today : new Date(today.getTime() + DAY_MS);
}

/** The window's first opening in the next calendar month. */
export function nextMonthOpening(w: SendWindow, t: Date): Date {
  return new Date(nextVnMonthStart(t).getTime() + w.startSec * 1000);
}

/** Throws a Deferral to the next opening when `now` is outside the send window. */
export function checkSendWindow(w: SendWindow, now: Date): void {
  if (insideWindow(w, now)) return;
  const when = nextOpening(w, now);
  throw new Deferral(
    when,
    deferralReason({ vi: `Ngoài khung giờ gửi tin của Zalo OA (${w.from}–${w.to} giờ Việt Nam)`, en: `Outside the Zalo OA send window (${w.from}–${w.to} Vietnam time)` }, when, SEND),
    'ZALO_SEND_WINDOW',
  );
}

/**
 * Broadcasts already sent or under way on a channel, kept outside the connector (the worker
 * counts them in Postgres). `reserve` is atomic per channel: it counts the channel's
 * broadcasts since `dayStart` and since `monthStart`, other than this delivery's, and when
 * both are under their limits records this delivery's broadcast at `at`. A reservation whose
 * broadcast may have gone out (no answer) stays counted.
 */
export interface BroadcastLedger {
  reserve(input: {
    channelId: string;
    deliveryId: string;
    at: Date;
    dayStart: Date;
    monthStart: Date;
    perDay: number;
    perMonth: number;
  }): Promise<{ ok: true } | { ok: false; today: number; thisMonth: number }>;
  /** Gives the place back: Zalo refused the broadcast outright. */
  release(input: { channelId: string; deliveryId: string }): Promise<void>;
}

/** Reserves this delivery's broadcast, or throws a Deferral to when the next one is allowed. */
export async function reserveBroadcast(ledger: BroadcastLedger, s: ZaloSettings, o: { channelId: string; deliveryId: string; now: Date }): Promise<void> {
  const answer = await ledger.reserve({
    channelId: o.channelId,
    deliveryId: o.deliveryId,
    at: o.now,
    dayStart: vnDayStart(o.now),
    monthStart: vnMonthStart(o.now),
    perDay: s.broadcastsPerDay,
    perMonth: s.broadcastsPerMonth,
  });
  if (answer.ok) return;
  if (answer.thisMonth >= s.broadcastsPerMonth) {
    const when = nextMonthOpening(s.sendWindow, o.now);
    throw new Deferral(
      when,
      deferralReason(
        {
          vi: `OA đã gửi đủ ${s.broadcastsPerMonth} tin truyền thông trong tháng (mỗi người quan tâm chỉ nhận chừng ấy tin một tháng)`,
          en: `The OA used its ${s.broadcastsPerMonth} broadcasts this month (the per-follower monthly quota)`,
        },
        when,
        SEND,
      ),
      'ZALO_MONTHLY_QUOTA',
    );
  }
  const when = nextOpening(s.sendWindow, o.now);
  throw new Deferral(
    when,
    deferralReason(
      { vi: `OA chỉ gửi ${s.broadcastsPerDay} tin truyền thông mỗi ngày và hôm nay đã gửi đủ`, en: `The OA sends at most ${s.broadcastsPerDay} broadcast(s) a day and today's are used` },
      when,
      SEND,
    ),
    'ZALO_DAILY_LIMIT',
  );
}
