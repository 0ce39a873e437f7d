import { graphError, type SimAnswer } from './simulator-auth.ts';
import type { SimToken } from './simulator-state.ts';

/**
 * Graph's call allowance (platform-apis.md §1.9): every answer to a Page token carries
 * `X-Business-Use-Case-Usage` (Pages BUC), every answer to a user token `X-App-Usage`, as the
 * percentage of the allowance used over a rolling window (one hour in the v18-era doc, 24 hours
 * in 2026 readings: configurable, as §1.9 advises). A call past 100 % is refused before it does anything:
 * 80001 for a Page token, 4 for a user token, with the header telling when access comes back.
 */
export function createSimUsage(clockNow: () => Date) {
  let limit = { calls: 4800, windowMs: 3600_000 };
  const calls: number[] = [];

  function used(now: Date): number {
    while (calls.length > 0 && calls[0]! <= now.getTime() - limit.windowMs) calls.shift();
    return calls.length;
  }
  const percentOf = (n: number) => Math.min(100, Math.round((n / limit.calls) * 100));
  /** Minutes until the oldest call in the window leaves it. */
  const regainMinutes = (now: Date) => (calls.length === 0 ? 0 : Math.max(1, Math.ceil((calls[0]! + limit.windowMs - now.getTime()) / 60_000)));

  function headersFor(token: Pick<SimToken, 'type' | 'pageId'>, now: Date, throttled: boolean): Record<string, string> {
    const percent = percentOf(used(now));
    const time = Math.min(100, Math.round(percent / 3));
    if (token.type === 'PAGE' && token.pageId) {
      const entry = { type: 'pages', call_count: percent, total_cputime: time, total_time: time, estimated_time_to_regain_access: throttled ? regainMinutes(now) : 0 };
      return { 'x-business-use-case-usage': JSON.stringify({ [token.pageId]: [entry] }) };
    }
    return { 'x-app-usage': JSON.stringify({ call_count: percent, total_time: time, total_cputime: time }) };
  }

  return {
    /** Calls allowed per rolling window before Graph throttles. (Default: 4800 an hour, §1.9's per-engaged-user figure) */
    setCallLimit(calls: number, windowHours = 1) {
      limit = { calls, windowMs: windowHours * 3600_000 };
    },
    /** Counts one call; the throttle answer when the allowance is spent (the call is not handled). */
    admit(token: SimToken): SimAnswer | null {
      const now = clockNow();
      if (used(now) >= limit.calls) {
        const refused =
          token.type === 'PAGE'
            ? graphError(400, 80001, 'There have been too many calls to this Page account. Wait a bit and try again.')
            : graphError(400, 4, '(#4) Application request limit reached', { isTransient: true });
        return { ...refused, headers: headersFor(token, now, true) };
      }
      calls.push(now.getTime());
      return null;
    },
    /** The usage header of an answer to `token`. */
    headers: (token: Pick<SimToken, 'type' | 'pageId'>) => headersFor(token, clockNow(), false),
  };
}

export type SimUsage = ReturnType<typeof createSimUsage>;
