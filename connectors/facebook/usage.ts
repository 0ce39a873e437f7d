import { deferralReason, GO_ON } from '../deferral-reason.ts';
import { Deferral } from '../contract.ts';
import { isObject, num, parseJson } from '../guards.ts';
import { createPace, type Pace, type PaceHold } from '../pace.ts';

/**
 * Graph reports how much of its call allowance is used on its answers (platform-apis.md
 * §1.9): `X-App-Usage` (platform limits, user/app tokens) and `X-Business-Use-Case-Usage`
 * (Pages BUC limits, Page tokens), as percentages; at 100 it throttles, and calling while throttled extends the block. So Loa slows down before that:
 * once an answer shows a counter at or above `HOLD_AT_PERCENT`, the Page's next publishes,
 * edits, lookups and metric reads wait (a Deferral, no attempt spent); the first call after
 * the wait reads the counters again and either releases the Page or holds it once more.
 */
export const HOLD_AT_PERCENT = 90;
/** How long a Page waits when the counters are high but Graph gives no time to regain access. */
export const HOLD_MINUTES = 10;

export interface UsageReading {
  /** The highest counter (call_count, total_time, total_cputime) over both headers, in percent. */
  percent: number;
  /** The longest `estimated_time_to_regain_access` (minutes) in the BUC header; 0 when not throttled. */
  regainMinutes: number;
}

const COUNTERS = ['call_count', 'total_time', 'total_cputime'];

function countersOf(entry: unknown): number[] {
  return COUNTERS.map((k) => num(entry, k) ?? 0);
}

/**
 * Reads both usage headers; null when neither is there or readable. `pages`: only the BUC
 * entries of the Pages use case count (Loa's calls); `all`: every use case (a refused call
 * waits for the longest, erring on the long side).
 */
export function readUsage(appUsage: string | null, businessUseCaseUsage: string | null, useCases: 'pages' | 'all'): UsageReading | null {
  const percents: number[] = [];
  let regainMinutes = 0;
  const app = appUsage ? parseJson(appUsage) : undefined;
  if (isObject(app)) percents.push(...countersOf(app));
  const buc = businessUseCaseUsage ? parseJson(businessUseCaseUsage) : undefined;
  if (isObject(buc)) {
    for (const entries of Object.values(buc)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        // Other use cases (ads_management, messenger …) have limits of their own.
        const type = isObject(entry) ? entry.type : undefined;
        if (useCases === 'pages' && typeof type === 'string' && type !== 'pages') continue;
        percents.push(...countersOf(entry));
        regainMinutes = Math.max(regainMinutes, num(entry, 'estimated_time_to_regain_access') ?? 0);
      }
    }
  }
  if (percents.length === 0 && regainMinutes === 0) return null;
  return { percent: Math.max(0, ...percents), regainMinutes };
}

/**
 * Holds a Page while its usage is high: once an answer shows a counter at or above
 * `HOLD_AT_PERCENT` (or a time to regain access), for that time or `HOLD_MINUTES`; an answer
 * below it releases the Page. Refusals count too: Graph's throttle answer (80001, 4) carries the
 * usage headers with the time to regain access, and the Page's other deliveries must stop calling
 * then, or each of their refused calls extends the block (§1.9) — the refused call's own retry
 * time is set by classify-error.ts.
 */
export function createUsagePace(): Pace {
  return createPace<PaceHold & { percent: number }>({
    learn(res, now) {
      const reading = readUsage(res.headers.get('x-app-usage'), res.headers.get('x-business-use-case-usage'), 'pages');
      if (!reading) return undefined;
      const minutes = reading.regainMinutes > 0 ? reading.regainMinutes : reading.percent >= HOLD_AT_PERCENT ? HOLD_MINUTES : 0;
      return minutes === 0 ? null : { until: new Date(now.getTime() + minutes * 60_000), percent: reading.percent };
    },
    deferral: ({ until, percent }) =>
      new Deferral(
        until,
        deferralReason(
          {
            vi: `Trang Facebook đã dùng ${Math.round(percent)}% giới hạn gọi của Facebook, Loa tạm dừng để Facebook không chặn Trang`,
            en: `The Facebook Page has used ${Math.round(percent)}% of Facebook's call limit, Loa pauses so Facebook does not block it`,
          },
          until,
          GO_ON,
        ),
        'FB_USAGE_HIGH',
      ),
  });
}
