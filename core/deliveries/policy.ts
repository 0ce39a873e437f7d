/** How the publish task treats attempts; from lib/config.ts, passed down by the worker. */
export interface DeliveryPolicy {
  /** Lease of a claimed delivery, renewed by the worker's heartbeat while its call runs. */
  leaseMs: number;
  /** Counted attempts (deferrals excluded) before a delivery fails as stale. */
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
}

/**
 * Exponential backoff with full jitter: attempt n waits a uniformly random time in
 * [0, min(cap, base·2^(n-1))], so retries of many deliveries hit by one outage spread out
 * instead of returning together.
 */
export function backoffMs(attempt: number, policy: Pick<DeliveryPolicy, 'retryBaseMs' | 'retryCapMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.retryCapMs, policy.retryBaseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * ceiling);
}
