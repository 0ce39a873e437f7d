import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { sweepDeliveries } from '../../core/deliveries/sweep.ts';
import type { TaskDeps } from '../deps.ts';

/** `sweep_deliveries`: every minute (crontab) and once when a worker starts. */
export function createSweepTask(deps: Pick<TaskDeps, 'db' | 'log' | 'clock'>): Task {
  return async () => {
    const report = await sweepDeliveries(deps.db, systemActor, deps.clock.now());
    const acted = Object.values(report).some((n) => n > 0);
    if (acted) deps.log.info(report, 'delivery.sweep');
    else deps.log.debug(report, 'delivery.sweep');
  };
}
