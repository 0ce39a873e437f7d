import type { Task } from 'graphile-worker';
import { prepareScheduledDrafts } from '../../core/reports/scheduled.ts';
import type { TaskDeps } from '../deps.ts';

export const REPORT_DRAFTS_TASK = 'prepare_report_drafts';

/**
 * `prepare_report_drafts` (hourly, so a worker down at midnight still does it that day): on the
 * first Vietnam day of a month/quarter/half/year, drafts of the period just ended (core/reports/scheduled.ts).
 */
export function createPrepareReportDraftsTask(deps: Pick<TaskDeps, 'db' | 'log' | 'clock'>): Task {
  return async () => {
    const created = await prepareScheduledDrafts(deps.db, deps.clock.now());
    if (created) deps.log.info({ created }, 'reports.drafts_prepared');
  };
}
