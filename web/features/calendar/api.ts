import { useQuery } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type CalendarQuery = paths['/api/v1/calendar/']['get']['parameters']['query'];
export type CalendarAnswer = paths['/api/v1/calendar/']['get']['responses']['200']['content']['application/json'];
export type CalendarDelivery = CalendarAnswer['deliveries'][number];
export type CalendarPlanned = CalendarAnswer['planned'][number];
export type Channel = paths['/api/v1/channels']['get']['responses']['200']['content']['application/json']['items'][number];

export function useCalendar(query: CalendarQuery | null) {
  return useQuery({
    queryKey: ['calendar', query],
    enabled: query !== null,
    placeholderData: (previous) => previous,
    queryFn: async () => unwrap(await api.GET('/api/v1/calendar/', { params: { query: query! } })),
  });
}

/** Channels and units for the filters (what the reader may see). */
export function useFilterChoices() {
  const channels = useQuery({
    queryKey: ['channels', 'choices'],
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { limit: 200 } } })).items,
  });
  const units = useQuery({
    queryKey: ['units', 'choices'],
    queryFn: async () => unwrap(await api.GET('/api/v1/units')),
  });
  return { channels: channels.data ?? [], units: units.data?.items ?? [] };
}
