import { describe, expect, it } from 'vitest';
import { decideAbsent, recheckGapMs, settleMsOf } from './settle.ts';

const ended = new Date('2026-12-06T03:00:00Z');
const at = (ms: number) => new Date(ended.getTime() + ms);

describe('reconcile settle rule: "absent" only after the settle time, read more than once', () => {
  it('a first read inside the settle time is never "absent": read again when the settle time has passed', () => {
    expect(decideAbsent({ attemptEndedAt: ended, settleMs: 600_000, now: at(1000), earlierReads: [] })).toEqual({ kind: 'recheck', at: at(600_000) });
  });

  it('a single read after the settle time is not enough: a second read follows after the gap', () => {
    expect(decideAbsent({ attemptEndedAt: ended, settleMs: 600_000, now: at(900_000), earlierReads: [] })).toEqual({ kind: 'recheck', at: at(900_000 + recheckGapMs(600_000)) });
  });

  it('two reads too close together do not count as two', () => {
    expect(decideAbsent({ attemptEndedAt: ended, settleMs: 10_000, now: at(12_000), earlierReads: [at(11_000)] })).toMatchObject({ kind: 'recheck' });
  });

  it('concludes "absent" after the settle time with an earlier read at least the gap before', () => {
    expect(decideAbsent({ attemptEndedAt: ended, settleMs: 10_000, now: at(10_000), earlierReads: [at(1000)] })).toEqual({ kind: 'absent' });
  });

  it('a channel setting overrides the connector default; an invalid one is ignored', () => {
    expect(settleMsOf({ reconcileSettleSeconds: 30 }, 600_000)).toBe(30_000);
    expect(settleMsOf({ reconcileSettleSeconds: 0 }, 600_000)).toBe(0);
    expect(settleMsOf({ reconcileSettleSeconds: -1 }, 600_000)).toBe(600_000);
    expect(settleMsOf({ reconcileSettleSeconds: '30' }, 600_000)).toBe(600_000);
    expect(settleMsOf({}, 600_000)).toBe(600_000);
  });
});
