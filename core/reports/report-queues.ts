import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** The worker job that drains the queues every minute, so they stay short between report reads. */
export const DRAIN_REPORT_QUEUES_TASK = 'drain_report_queues';

/**
 * Applies the changes queued since the last drain to the published rollups (migration 0031: the
 * worker's record only queues them) and to the push rollups (migration 0034: a fan-out's insert and
 * the record only queue them). Every read of those rollups drains first, so a report counts every
 * change committed before it; empty queues cost one look.
 */
export async function drainReportQueues(q: Queryable): Promise<void> {
  await q.execute(sql`select loa_drain_report_queues()`);
}
