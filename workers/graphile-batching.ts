import type { RunnerOptions } from 'graphile-worker';

/**
 * graphile-worker's own batching, for Loa's runner and the benchmark's baselines alike: the
 * pool fetches (and locks) up to `concurrency` due jobs in one query instead of one query per
 * job, and completions made in the same tick are written together. No more than it can run at
 * once: a job fetched beyond that would wait behind a long upload while another worker is idle
 * (and two single-slot workers woken for two due jobs would not take one each).
 *
 * A job waiting in the local queue is locked but has no lease yet, so it is returned to the
 * database after a third of the lease time: a live worker never holds one long enough for the
 * sweep to take it for a dead worker's (a job locked for the lease time with no live lease),
 * and a killed worker's queued jobs are re-enqueued by the sweep within lease + sweep interval,
 * like its running ones.
 */
export function graphileBatching(o: { concurrency: number; leaseMs: number }): NonNullable<RunnerOptions['preset']> {
  return {
    worker: {
      localQueue: { size: o.concurrency, ttl: Math.floor(o.leaseMs / 3) },
      completeJobBatchDelay: 0,
    },
  };
}
