/**
 * The records of `published` outcomes still being written after their jobs ended
 * (docs/ENGINE.md, "Recording in the background"), bounded: while the database is slow they
 * would pile up in memory, each with its lease heartbeat, as fast as jobs finish. Past `limit`,
 * a job waits for its own record before it ends, so its concurrency slot claims nothing new
 * until records land again (at most `limit` + the worker's concurrency are ever pending).
 */
export interface PendingRecords {
  /** Tracks `record` (which must not reject); resolves at once while at most `limit` are pending, else once `record` has landed. */
  add(record: Promise<void>): Promise<void>;
  /** Resolves once every record tracked (now or while waiting) has landed: a graceful stop waits for it. */
  settled(): Promise<void>;
}

export function createPendingRecords(limit: number): PendingRecords {
  const pending = new Set<Promise<void>>();
  return {
    async add(record) {
      const tracked = record.finally(() => pending.delete(tracked));
      pending.add(tracked);
      if (pending.size > limit) await tracked;
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
