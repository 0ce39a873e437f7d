import type postgres from 'postgres';
import type { Logger } from '../../lib/logger.ts';
import { etagOf } from '../http/cache.ts';
import type { CachedBody } from './http-cache.ts';

/**
 * The database's notices that a public page may have changed (db/migrations/0016_site-page-cache.sql):
 * site articles written (published, corrected, taken down), the units and media they show,
 * YouTube videos entering or leaving `published`.
 */
export const SITE_CHANGES_CHANNEL = 'loa_site';

export interface PageInput extends CachedBody {
  /** The live article the page shows: its views are still counted when the page comes from memory. */
  articleId?: string;
}

export interface CachedPage {
  page: PageInput & { body: Buffer };
  etag: string;
  storedAt: number;
}

export interface PageCache {
  /** The page stored under `key`, rendering (and storing) it when missing or too old. */
  page(key: string, render: () => Promise<PageInput>): Promise<CachedPage>;
  /** Forgets every page. */
  clear(): void;
  close(): Promise<void>;
}

export interface PageCacheOptions {
  /** Pages kept at most; the oldest goes first. */
  maxPages: number;
  /**
   * A page is rendered again at least this often: the backstop for notices lost while the
   * LISTEN connection was down (the cache is also emptied when it comes back).
   */
  ttlMs: number;
  now?: () => number;
}

/**
 * The public site's rendered pages in this process's memory. Only for pages that are the
 * same for every reader: the site has no signed-in or per-reader variant, sets no cookie and
 * has one language (Vietnamese), so the URL is the whole key. Every change a page shows is
 * announced by a database trigger with NOTIFY at commit, whichever process made it (a
 * separate worker publishes), and empties the cache: a taken-down article answers 410, a new
 * one or a correction shows, as soon as the notice arrives — never after a TTL.
 *
 * Nothing is kept until LISTEN is up. A render running when a notice arrives may have read
 * the old rows, so it is sent but not kept (the generation check).
 */
export function createPageCache(sql: postgres.Sql, log: Logger, o: PageCacheOptions): PageCache {
  const now = o.now ?? Date.now;
  const pages = new Map<string, CachedPage>();
  let generation = 0;
  let listening = false;
  const clear = () => {
    generation++;
    pages.clear();
  };
  const subscription = sql
    .listen(SITE_CHANGES_CHANNEL, clear, () => {
      // First LISTEN, or again after a lost connection: notices may have been missed meanwhile.
      clear();
      listening = true;
    })
    .catch((err: unknown) => {
      log.warn({ err }, 'site.page_cache_not_listening');
      return null;
    });

  return {
    async page(key, render) {
      const hit = pages.get(key);
      if (hit && now() - hit.storedAt < o.ttlMs) return hit;
      const startedIn = generation;
      const rendered = await render();
      const page = { ...rendered, body: Buffer.from(rendered.body) };
      const cached = { page, etag: etagOf(page.body), storedAt: now() };
      if (listening && generation === startedIn) {
        pages.delete(key);
        if (pages.size >= o.maxPages) pages.delete(pages.keys().next().value!);
        pages.set(key, cached);
      }
      return cached;
    },
    clear,
    async close() {
      listening = false;
      clear();
      await (await subscription)?.unlisten().catch(() => {});
    },
  };
}
