import type postgres from 'postgres';
import type { Logger } from '../../../lib/logger.ts';

/** The database's announcements on `loa_events` (db/migrations/0010_live-events.sql). */
export type LiveEvent =
  | { type: 'delivery'; id: string; itemId: string; unitId: string; channelId: string; state: string; from: string; dueAt: string; at: string }
  | { type: 'deliveries_created'; itemId: string; unitId: string; revisionId: string; count: number }
  | { type: 'channel'; id: string; unitId: string; status: string; paused: boolean };

export const EVENTS_CHANNEL = 'loa_events';

export interface EventHub {
  subscribe(listener: (event: LiveEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * One LISTEN connection per server process, shared by every open stream: the first
 * subscriber starts it, and it stays until the app closes (reconnecting browsers would
 * otherwise churn connections). postgres.js re-listens by itself after a lost connection.
 */
export function createEventHub(sql: postgres.Sql, log: Logger): EventHub {
  const listeners = new Set<(event: LiveEvent) => void>();
  let listening: Promise<{ unlisten(): Promise<void> }> | null = null;
  const dispatch = (payload: string) => {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch {
      log.warn({ payload: payload.slice(0, 200) }, 'unreadable live event');
      return;
    }
    for (const listener of listeners) listener(event);
  };
  return {
    async subscribe(listener) {
      listening ??= sql.listen(EVENTS_CHANNEL, dispatch);
      await listening;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      const l = listening;
      listening = null;
      if (l) await (await l).unlisten().catch(() => {});
    },
  };
}
