import type { Deferral } from './contract.ts';
import { createPace, type Pace } from './pace.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface ThrottleRules {
  /** Statuses by which the platform asks the sender to slow down. */
  statuses: ReadonlySet<number>;
  /** How long to hold after such an answer without a Retry-After; null: hold only when the platform said when. */
  withoutRetryAfterMs: number | null;
  /** The Deferral, with the officer's reason, for work that meets the hold. */
  deferral(until: Date): Deferral;
}

/**
 * A platform that answers "slow down" (429, a 503 saying when to come back, a portal's
 * 502/504) says so about the whole site or endpoint, not one request: once it does, the
 * channel's next calls in this worker wait until its Retry-After (a Deferral, no attempt
 * spent) instead of each meeting the same refusal. A 2xx releases the channel.
 */
export function createThrottlePace(rules: ThrottleRules): Pace {
  return createPace({
    learn(res, now) {
      if (res.ok) return null;
      if (!rules.statuses.has(res.status)) return undefined;
      const asked = parseRetryAfter(res.headers.get('retry-after'), now);
      const until = asked ?? (rules.withoutRetryAfterMs === null ? undefined : new Date(now.getTime() + rules.withoutRetryAfterMs));
      return until && until > now ? { until } : undefined;
    },
    deferral: ({ until }) => rules.deferral(until),
  });
}
