import { randomUUID } from 'node:crypto';
import { takeLease } from '../core/deliveries/lease.ts';
import type { Logger } from '../lib/logger.ts';
import type { TaskDeps } from './deps.ts';
import { startLeaseHeartbeat } from './lease-heartbeat.ts';

export interface HeldLease {
  owner: string;
  /** Aborted when the lease is lost (the sweep presumed this worker dead and handed the delivery on). */
  signal: AbortSignal;
  stop(): void;
}

/**
 * The lease a reconcile read or a processing poll holds while its connector call runs, renewed
 * by the heartbeat like a publish's: a worker killed mid-call leaves a lease that expires, and
 * the sweep hands the delivery to a live worker within a lease and a sweep interval — never
 * after graphile-worker's 4-hour lock. Null: another live worker holds it, or the delivery moved on.
 */
export async function holdFollowUpLease(
  deps: Pick<TaskDeps, 'db' | 'clock' | 'policy' | 'heartbeatMs' | 'workerId'>,
  deliveryId: string,
  state: 'unconfirmed' | 'processing',
  log: Logger,
): Promise<HeldLease | null> {
  const owner = `${deps.workerId}/${randomUUID().slice(0, 8)}`;
  const now = deps.clock.now();
  if (!(await takeLease(deps.db, deliveryId, state, owner, now, new Date(now.getTime() + deps.policy.leaseMs)))) return null;
  const lost = new AbortController();
  const heartbeat = startLeaseHeartbeat({
    db: deps.db,
    deliveryId,
    owner,
    state,
    leaseMs: deps.policy.leaseMs,
    everyMs: deps.heartbeatMs,
    clock: deps.clock,
    log,
    onLost: () => {
      log.warn('delivery.lease_lost');
      lost.abort(new Error('lease lost'));
    },
  });
  return { owner, signal: lost.signal, stop: () => heartbeat.stop() };
}
