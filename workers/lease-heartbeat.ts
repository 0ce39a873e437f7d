import { renewLease } from '../core/deliveries/lease.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export interface LeaseHeartbeat {
  stop(): void;
}

/**
 * Renews a claimed delivery's lease every `everyMs` while its connector call runs, so a
 * long upload keeps its claim and only a dead worker's lease expires. When the lease turns
 * out to be gone (the sweep presumed us dead), `onLost` fires once: the caller aborts the
 * call, since the delivery is already being reconciled elsewhere.
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
}): LeaseHeartbeat {
  let busy = false;
  let stopped = false;
  const beat = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const held = await renewLease(o.db, o.deliveryId, o.owner, new Date(o.clock.now().getTime() + o.leaseMs));
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
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
