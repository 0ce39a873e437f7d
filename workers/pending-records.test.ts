import { describe, expect, it } from 'vitest';
import { createPendingRecords } from './pending-records.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const state = async (p: Promise<void>) => Promise.race([p.then(() => 'done'), new Promise((r) => setImmediate(() => r('waiting')))]);

describe('records pending in the background are bounded', () => {
  it('a job ends at once up to the limit; past it, it waits for its own record to land', async () => {
    const pending = createPendingRecords(2);
    const records = [deferred(), deferred(), deferred()];
    const jobs = records.map((r) => pending.add(r.promise));
    expect(await state(jobs[0]!)).toBe('done');
    expect(await state(jobs[1]!)).toBe('done');
    expect(await state(jobs[2]!)).toBe('waiting');
    records[0]!.resolve();
    expect(await state(jobs[2]!)).toBe('waiting');
    records[2]!.resolve();
    expect(await state(jobs[2]!)).toBe('done');
    // Room again: the next job ends at once.
    expect(await state(pending.add(deferred().promise))).toBe('done');
  });

  it('settled() waits for every record, those added while it waits included', async () => {
    const pending = createPendingRecords(8);
    const first = deferred();
    const second = deferred();
    void pending.add(first.promise);
    const settled = pending.settled();
    void pending.add(second.promise);
    first.resolve();
    expect(await state(settled)).toBe('waiting');
    second.resolve();
    expect(await state(settled)).toBe('done');
  });
});
