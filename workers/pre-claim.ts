import type { Job, Task, WorkerEvents } from 'graphile-worker';
import type { ClaimResult } from '../core/deliveries/claim.ts';
import type { Logger } from '../lib/logger.ts';
import { deliveryIdOf } from './deps.ts';

/** A claim under way or made, with the lease owner it was made for. */
export interface Claiming {
  owner: string;
  /** When the claim was asked for: its attempt's start and its lease count from here. */
  at: Date;
  result: Promise<ClaimResult>;
}

export type Claimed = Extract<ClaimResult, { kind: 'claimed' }>;

export interface PreClaims {
  /** The claim made for this job when the local queue fetched it, if any (each is taken once). */
  take(jobId: string): Claiming | undefined;
  /** `task`, timed: how long publish jobs hold a slot decides whether queued jobs are claimed ahead. */
  timed(task: Task): Task;
  /** Resolves once every claim given back (jobs the local queue returned) has been recorded. */
  settled(): Promise<void>;
}

/** How much the newest slot time weighs in the running average. */
const WEIGHT = 0.25;
/** Claims ahead only while jobs take less than this share of the local queue's time-to-live on average. */
const QUICK_SHARE_OF_TTL = 0.25;

/**
 * Pre-claim (docs/ENGINE.md, "Claiming at fetch"): graphile's local queue fetches the next
 * batch of publish jobs while the current batch runs; their deliveries are claimed at once
 * (one batched statement, like any claim), so that claim's round trip overlaps the running
 * jobs' platform calls instead of each job waiting for it when it starts.
 *
 * A claimed delivery waits in the local queue as `publishing` under its lease, so:
 * - only while this worker's publish jobs turn over quickly (their average slot time under a
 *   quarter of the queue's time-to-live) are queued jobs claimed ahead: behind long uploads a
 *   claim would wait for a free slot with nothing to gain;
 * - a job the queue hands back unstarted (its time-to-live passed, or the worker is stopping)
 *   has its claim given back as a deferral (`giveBack`: publishing → scheduled, attempt not
 *   counted, a new publish job due now), before the stop completes (`settled`);
 * - a worker killed with claims ahead leaves them `publishing` under leases nobody renews: the
 *   sweep makes them `unconfirmed` and reconcile looks for the post, as for a kill mid-call.
 */
export function createPreClaims(o: {
  events: WorkerEvents;
  publishTask: string;
  claim(deliveryId: string): Claiming;
  giveBack(claimed: Claimed, owner: string): Promise<void>;
  log: Logger;
}): PreClaims {
  const ahead = new Map<string, Claiming>();
  const givingBack = new Set<Promise<void>>();
  let averageMs: number | null = null;

  o.events.on('localQueue:getJobs:complete', ({ localQueue, jobs }) => {
    // The first jobs go straight to idle slots (and claim there); the rest wait in the queue.
    const queued = jobs.slice(localQueue.workerQueue.length);
    const quick = averageMs !== null && averageMs < localQueue.ttl * QUICK_SHARE_OF_TTL;
    if (localQueue.mode === 'RELEASED' || queued.length === 0 || !quick) return;
    for (const job of queued) {
      if (job.task_identifier !== o.publishTask) continue;
      let deliveryId: string;
      try {
        deliveryId = deliveryIdOf(job.payload);
      } catch {
        continue; // a malformed payload fails when its job runs, and says so there
      }
      const claiming = o.claim(deliveryId);
      // A failed claim (database down) is its job's to report when it runs; until then it must not crash the process as unhandled.
      claiming.result.catch(() => {});
      ahead.set(job.id, claiming);
    }
  });

  o.events.on('localQueue:returnJobs', ({ jobs }) => {
    for (const job of jobs) giveBackJob(job);
  });

  function giveBackJob(job: Job): void {
    const claiming = ahead.get(job.id);
    if (!claiming) return;
    ahead.delete(job.id);
    const given = claiming.result
      .then((claim) => (claim.kind === 'claimed' ? o.giveBack(claim, claiming.owner) : undefined))
      .catch((err: unknown) => o.log.error({ err, jobId: job.id }, 'delivery.give_back_failed'))
      .finally(() => givingBack.delete(given));
    givingBack.add(given);
  }

  return {
    take(jobId) {
      const claiming = ahead.get(jobId);
      ahead.delete(jobId);
      return claiming;
    },
    timed(task) {
      return async (payload, helpers) => {
        const start = performance.now();
        try {
          return await task(payload, helpers);
        } finally {
          const ms = performance.now() - start;
          averageMs = averageMs === null ? ms : averageMs + WEIGHT * (ms - averageMs);
        }
      };
    },
    async settled() {
      while (givingBack.size > 0) await Promise.all(givingBack);
    },
  };
}
