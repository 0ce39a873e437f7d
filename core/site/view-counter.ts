import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../lib/logger.ts';

export interface ViewCounter {
  /** One reader opened the article on `day` (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
  count(articleId: string, day: string): void;
  /** Writes what was counted so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes the rest (server shutdown). */
  close(): Promise<void>;
}

/**
 * Page views added up in memory and written every `everyMs` in one statement. Writing one
 * upsert per page view made every reader of a popular article wait for the same row's lock
 * and a commit: the article page served ~3 % of a hello-world route (bench h). A crash loses
 * at most `everyMs` of views; a failed write puts the counts back for the next try.
 */
export function createViewCounter(db: Db, log: Logger, everyMs: number): ViewCounter {
  let pending = new Map<string, number>();
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: Map<string, number>): Promise<void> {
    if (batch.size === 0) return;
    const keys = [...batch.keys()].map((k) => k.split('|') as [string, string]);
    try {
      await db.execute(sql`
        insert into site_page_views (article_id, day, views)
        select * from unnest(${`{${keys.map((k) => k[0]).join(',')}}`}::uuid[], ${`{${keys.map((k) => k[1]).join(',')}}`}::date[], ${`{${[...batch.values()].join(',')}}`}::int[])
        on conflict (article_id, day) do update set views = site_page_views.views + excluded.views`);
    } catch (err) {
      log.warn({ err, articles: batch.size }, 'site.views_not_written');
      for (const [k, n] of batch) pending.set(k, (pending.get(k) ?? 0) + n);
    }
  }

  const flush = () => {
    const batch = pending;
    pending = new Map();
    // One write at a time, in order.
    writing = writing.then(() => write(batch));
    return writing;
  };
  const timer = setInterval(() => void flush(), everyMs);
  timer.unref();

  return {
    count(articleId, day) {
      const key = `${articleId}|${day}`;
      pending.set(key, (pending.get(key) ?? 0) + 1);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
