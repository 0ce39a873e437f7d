import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Keeps the given queries fresh from the server's live event stream (GET /api/v1/events,
 * server-sent events fed by PostgreSQL NOTIFY): when a delivery or channel changes, the
 * queries under `prefixes` refetch, a few hundred milliseconds later so a burst (an
 * approval to many channels) costs one refetch. EventSource reconnects by itself.
 */
const BURST_MS = 250;

export function useLiveRefresh(prefixes: readonly string[]): void {
  const queryClient = useQueryClient();
  const key = prefixes.join('|');
  useEffect(() => {
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const prefix of key.split('|')) void queryClient.invalidateQueries({ queryKey: [prefix] });
      }, BURST_MS);
    };
    for (const type of ['delivery', 'deliveries_created', 'channel']) source.addEventListener(type, refresh);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [queryClient, key]);
}
