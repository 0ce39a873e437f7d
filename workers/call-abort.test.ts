import { describe, expect, it } from 'vitest';
import { abortWithJob } from './call-abort.ts';

describe('abortWithJob', () => {
  it("aborts every call still running when the job's signal aborts, with its reason, and no released one", () => {
    const job = new AbortController();
    const a = abortWithJob(job.signal);
    const b = abortWithJob(job.signal);
    const done = abortWithJob(job.signal);
    done.release();
    b.controller.abort(new Error('lease lost'));
    job.abort(new Error('worker stopping'));
    expect(a.controller.signal.reason).toEqual(new Error('worker stopping'));
    expect(b.controller.signal.reason).toEqual(new Error('lease lost'));
    expect(done.controller.signal.aborted).toBe(false);
    // A call started after the job's signal aborted starts aborted.
    expect(abortWithJob(job.signal).controller.signal.reason).toEqual(new Error('worker stopping'));
  });

  it('aborting one call leaves the job signal and the other calls alone', () => {
    const job = new AbortController();
    const a = abortWithJob(job.signal);
    const b = abortWithJob(job.signal);
    a.controller.abort(new Error('lease lost'));
    expect(job.signal.aborted).toBe(false);
    expect(b.controller.signal.aborted).toBe(false);
  });
});
