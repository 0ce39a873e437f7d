import { Deferral, type PublishContext } from './contract.ts';
import type { HttpClient } from './http.ts';

/** A channel (or Page) waiting for the platform's allowance, until `until`. */
export interface PaceHold {
  until: Date;
}

/**
 * What this worker process learned from a platform's answers about a channel's call allowance
 * (Facebook's usage headers, Zalo's remaining calls): while a hold lasts, work that may wait is
 * deferred before any call (a Deferral, no attempt spent) instead of meeting the platform's
 * refusal. One per connector, so one per worker process.
 */
export interface Pace {
  /** The context with an HTTP client that shows every answer for `key` to the pace. */
  observed<C extends Pick<PublishContext, 'http' | 'now'>>(ctx: C, key: string): C;
  /** The same, for work that may wait: throws the Deferral first while `key` is held. */
  paced<C extends Pick<PublishContext, 'http' | 'now'>>(ctx: C, key: string): C;
}

export interface PaceRules<H extends PaceHold> {
  /** What an answer says: a hold, `null` to release the key, `undefined` when it says nothing. */
  learn(res: Response, now: Date): H | null | undefined;
  /** The Deferral, with the officer's reason, for work that meets a hold. */
  deferral(hold: H): Deferral;
}

export function createPace<H extends PaceHold>(rules: PaceRules<H>): Pace {
  const holds = new Map<string, H>();
  const observed = <C extends Pick<PublishContext, 'http' | 'now'>>(ctx: C, key: string): C => {
    const http: HttpClient = {
      async request(req) {
        const res = await ctx.http.request(req);
        const learned = rules.learn(res, ctx.now());
        if (learned === null) holds.delete(key);
        else if (learned) {
          const held = holds.get(key);
          // Answers of calls made in parallel arrive in any order: the longest hold stands.
          if (!held || held.until < learned.until) holds.set(key, learned);
        }
        return res;
      },
    };
    return { ...ctx, http };
  };
  return {
    observed,
    paced(ctx, key) {
      const held = holds.get(key);
      if (held && held.until > ctx.now()) throw rules.deferral(held);
      return observed(ctx, key);
    },
  };
}
