import { renewLease, type LeasedState } from '../core/deliveries/lease.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export interface LeaseHeartbeat {
  stop(): void;
}

/**
 * Renews a delivery's lease every `everyMs` while its connector call runs (a publish, a
 * reconcile read, a poll), so a long upload keeps its claim and only a dead worker's lease
 * expires. When the lease turns out to be gone (the sweep presumed us dead), `onLost` fires
 * once: the caller aborts the call, since another worker has taken over.
 */
export function startLeaseHeartbeat(o: {
  db: Db;
  deliveryId: string;
  owner: string;
  leaseMs: number;
  everyMs: number;
  clock: Clock;
  log: Logger;
  onLost: () => void;
  /** Renew once at start too, not only every `everyMs` (a lease that has already run a while). */
  beatAtOnce?: boolean;
  /** The state the delivery stays in while the call runs. (Default: publishing) */
  state?: LeasedState;
}): LeaseHeartbeat {
  let busy = false;
  let stopped = false;
  const beat = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const held = await renewLease(o.db, o.deliveryId, o.owner, new Date(o.clock.now().getTime() + o.leaseMs), [o.state ?? 'publishing']);
      if (!held && !stopped) {
        stopped = true;
        clearInterval(timer);
        o.onLost();
      }
    } catch (err) {
      // A database blip: the lease has slack for missed beats (heartbeat ≤ lease / 2).
      o.log.warn({ err }, 'delivery.lease_renew_failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), o.everyMs);
  if (o.beatAtOnce) void beat();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
