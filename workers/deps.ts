import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { DeliveryPolicy } from '../core/deliveries/policy.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { Storage } from '../lib/storage.ts';

/** What the delivery tasks share within one worker process. */
export interface TaskDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  secrets: SecretBox;
  storage: Storage;
  connectors: ConnectorRegistry;
  policy: DeliveryPolicy;
  /** Lease renewal interval while a connector call runs. */
  heartbeatMs: number;
  workerId: string;
  /** Tells this process's due waker about a job it just enqueued (a retry due very soon). */
  wake(at: Date): void;
}

/** Jobs carry only `{ deliveryId }`. */
export function deliveryIdOf(payload: unknown): string {
  const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('Job payload must be { deliveryId: <uuid> }');
  return id;
}
