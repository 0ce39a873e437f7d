import { useQuery } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';
import { vietnamRanges } from '../../lib/time.ts';

/**
 * The home page reads the ordinary lists (each already scoped to what the user may see);
 * a section whose list the server refuses (403) is simply not shown.
 */
export type Delivery = paths['/api/v1/deliveries/']['get']['responses']['200']['content']['application/json']['items'][number];
export type Item = paths['/api/v1/content/']['get']['responses']['200']['content']['application/json']['items'][number];

const refetchInterval = 60_000;

export function useWeekSchedule() {
  const { week } = vietnamRanges();
  return useQuery({
    queryKey: ['home', 'week', week[0]],
    queryFn: async () => unwrap(await api.GET('/api/v1/deliveries/', { params: { query: { dueFrom: week[0], dueTo: week[1], limit: 200 } } })).items,
    refetchInterval,
  });
}

export function useDeliveriesIn(state: 'failed' | 'unconfirmed') {
  return useQuery({
    queryKey: ['home', 'deliveries', state],
    queryFn: async () => unwrap(await api.GET('/api/v1/deliveries/', { params: { query: { state, limit: 20 } } })).items,
    refetchInterval,
  });
}

export function useChannelsNeedingReconnect() {
  return useQuery({
    queryKey: ['home', 'channels', 'needs_reconnect'],
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { status: 'needs_reconnect', limit: 20 } } })).items,
    refetchInterval,
  });
}

export function useWaitingForMe() {
  return useQuery({
    queryKey: ['home', 'approvals'],
    queryFn: async () => unwrap(await api.GET('/api/v1/content/', { params: { query: { state: 'in_review', decidable: true, limit: 20 } } })).items,
    refetchInterval,
  });
}

export function useRecentItems() {
  return useQuery({
    queryKey: ['home', 'items'],
    queryFn: async () => unwrap(await api.GET('/api/v1/content/', { params: { query: { limit: 50 } } })).items,
    refetchInterval,
  });
}

export function useFreeze() {
  return useQuery({
    queryKey: ['system', 'freeze'],
    queryFn: async () => unwrap(await api.GET('/api/v1/system/freeze/')),
    refetchInterval,
  });
}

/** Whether each first step of a new installation is done (GettingStarted): one row of each list is enough to know. */
export function useFirstSteps() {
  return useQuery({
    queryKey: ['home', 'first-steps'],
    queryFn: async () => {
      const [units, channels, users, items] = await Promise.all([
        api.GET('/api/v1/units'),
        api.GET('/api/v1/channels', { params: { query: { limit: 1 } } }),
        api.GET('/api/v1/users', { params: { query: { limit: 2 } } }),
        api.GET('/api/v1/content/', { params: { query: { limit: 1 } } }),
      ]);
      return {
        units: unwrap(units).items.length > 1,
        channels: unwrap(channels).items.length > 0,
        users: unwrap(users).items.length > 1,
        items: unwrap(items).items.length > 0,
      };
    },
    refetchInterval,
  });
}
