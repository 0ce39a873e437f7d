import { deferralReason, GO_ON } from '../deferral-reason.ts';
import { Deferral } from '../contract.ts';
import { createPace, type Pace } from '../pace.ts';
import { nextMinute } from './classify-error.ts';

/**
 * Zalo's limits are per minute and reset on the next one (platform-apis.md §3.9); its answers
 * say what is left in `X-RateLimit-Remain` (0 = exhausted). Once an answer says 0, every
 * further call this minute would be refused with -32, so the OA's next publishes, edits and
 * lookups wait for the next minute instead of spending attempts.
 */
export function createRatePace(): Pace {
  return createPace({
    learn(res, now) {
      const remain = res.headers.get('x-ratelimit-remain')?.trim();
      if (!remain || !/^\d+$/.test(remain)) return undefined;
      return Number(remain) > 0 ? null : { until: nextMinute(now) };
    },
    deferral: ({ until }) =>
      new Deferral(
        until,
        deferralReason({ vi: 'Zalo OA đã dùng hết số lần gọi Zalo cho phép trong phút này', en: "The Zalo OA used up this minute's Zalo call allowance" }, until, GO_ON),
        'ZALO_RATE_REMAIN_ZERO',
      ),
  });
}
