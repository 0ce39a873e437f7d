import { formatVnDateTime } from '../../lib/clock.ts';
import { Deferral, type PublishContext } from '../contract.ts';
import type { HttpClient } from '../http.ts';
import { nextMinute } from './classify-error.ts';

/**
 * Zalo's limits are per minute and reset on the next one (platform-apis.md §3.9); its answers
 * say what is left in `X-RateLimit-Remain` (0 = exhausted). Once an answer says 0, every
 * further call this minute would be refused with -32, so the OA's next publishes, edits and
 * lookups wait for the next minute (a Deferral, no attempt spent) instead of spending attempts.
 */
export interface RatePace {
  observe(channelId: string, remain: string | null, now: Date): void;
  /** Throws a Deferral while the OA's minute is used up. */
  check(channelId: string, now: Date): void;
}

export function createRatePace(): RatePace {
  const holds = new Map<string, Date>();
  return {
    observe(channelId, remain, now) {
      if (remain === null || !/^\d+$/.test(remain.trim())) return;
      if (Number(remain) > 0) holds.delete(channelId);
      else holds.set(channelId, nextMinute(now));
    },
    check(channelId, now) {
      const until = holds.get(channelId);
      if (!until || until <= now) return;
      throw new Deferral(
        until,
        {
          vi: `Zalo OA đã dùng hết số lần gọi Zalo cho phép trong phút này; Loa gửi tiếp lúc ${formatVnDateTime(until)}`,
          en: `The Zalo OA used up this minute's Zalo call allowance; Loa goes on at ${until.toISOString()}`,
        },
        'ZALO_RATE_REMAIN_ZERO',
      );
    },
  };
}

/** The context with an HTTP client that reports every answer's `X-RateLimit-Remain` for the OA. */
export function observingRate<C extends Pick<PublishContext, 'http' | 'now' | 'channel'>>(ctx: C, pace: RatePace): C {
  const http: HttpClient = {
    async request(req) {
      const res = await ctx.http.request(req);
      pace.observe(ctx.channel.id, res.headers.get('x-ratelimit-remain'), ctx.now());
      return res;
    },
  };
  return { ...ctx, http };
}
