import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';

const key = ['notifications'] as const;

/** My latest notifications and the unread count; refreshed every minute and on focus. */
export function useNotifications(limit = 30) {
  return useQuery({
    queryKey: [...key, limit],
    queryFn: async () => unwrap(await api.GET('/api/v1/notifications/', { params: { query: { limit } } })),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | 'all') => {
      if (id === 'all') unwrap(await api.POST('/api/v1/notifications/read-all'));
      else unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
