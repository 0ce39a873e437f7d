import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { sweepCorrections } from '../../core/corrections/sweep.ts';
import { sweepDeliveries } from '../../core/deliveries/sweep.ts';
import type { TaskDeps } from '../deps.ts';

type SweepDeps = Pick<TaskDeps, 'db' | 'log' | 'clock' | 'policy'>;

/** One sweep, logged when it moved anything. */
export async function runSweep(deps: SweepDeps): Promise<void> {
  const report = {
    ...(await sweepDeliveries(deps.db, systemActor, deps.clock.now(), { staleJobMs: deps.policy.leaseMs })),
    corrections: await sweepCorrections(deps.db, deps.clock.now(), deps.policy.leaseMs),
  };
  const acted = Object.values(report).some((n) => n > 0);
  if (acted) deps.log.info(report, 'delivery.sweep');
  else deps.log.debug(report, 'delivery.sweep');
}

/** `sweep_deliveries` as a job (still accepted from queues of earlier versions). */
export function createSweepTask(deps: SweepDeps): Task {
  return () => runSweep(deps);
}

/**
 * Sweeps every `everyMs` in this process, outside the job queue: a queue whose slots are all
 * busy (long uploads), or a sweep job locked by a dead worker, cannot hold recovery up.
 */
export function startSweepTimer(deps: SweepDeps, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= runSweep(deps)
      .catch((err: unknown) => deps.log.warn({ err }, 'delivery.sweep_failed'))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
