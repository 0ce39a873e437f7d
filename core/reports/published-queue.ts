import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** The worker job that drains the queue every minute, so it stays short between report reads. */
export const DRAIN_PUBLISHED_TASK = 'drain_published_queue';

/**
 * Applies the publications queued since the last drain to the published rollups (migration 0031:
 * the worker's record only queues them). Every read of those rollups drains first, so a report
 * counts every publication committed before it; an empty queue costs one look.
 */
export async function drainPublished(q: Queryable): Promise<void> {
  await q.execute(sql`select loa_drain_published()`);
}
