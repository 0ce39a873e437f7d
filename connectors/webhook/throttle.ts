import { formatVnDateTime } from '../../lib/clock.ts';
import { Deferral } from '../contract.ts';
import { createPace, type Pace } from '../pace.ts';
import { parseRetryAfter } from '../retry-after.ts';

/** Statuses by which a Standard Webhooks endpoint asks the sender to throttle (platform-apis.md §5). */
const THROTTLE_STATUSES = new Set([429, 502, 504]);
/** How long a channel waits after a throttle answer that gave no Retry-After. */
export const THROTTLE_WITHOUT_RETRY_AFTER_MS = 30_000;

/**
 * Standard Webhooks: 429, 502 and 504 mean "throttle", honouring Retry-After (§5). Once the
 * portal answers one of them, the channel's next sends in this worker wait until its
 * Retry-After (or `THROTTLE_WITHOUT_RETRY_AFTER_MS`) — a Deferral, no attempt spent — instead
 * of each meeting the same refusal; a 2xx releases the channel.
 */
export function createThrottlePace(): Pace {
  return createPace({
    learn(res, now) {
      if (res.ok) return null;
      if (!THROTTLE_STATUSES.has(res.status)) return undefined;
      const until = parseRetryAfter(res.headers.get('retry-after'), now) ?? new Date(now.getTime() + THROTTLE_WITHOUT_RETRY_AFTER_MS);
      return until > now ? { until } : undefined;
    },
    deferral: ({ until }) =>
      new Deferral(
        until,
        {
          vi: `Cổng nhận bài yêu cầu gửi chậm lại; Loa gửi tiếp lúc ${formatVnDateTime(until)}`,
          en: `The receiving portal asked Loa to slow down; Loa goes on at ${until.toISOString()}`,
        },
        'WEBHOOK_THROTTLED',
      ),
  });
}
