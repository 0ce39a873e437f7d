import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';

export function useLinkDays(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['links', 'days', id],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/links/{id}', { params: { path: { id } } })).days,
  });
}

export function useCreateLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { itemId: string; label: string; targetUrl?: string }) => unwrap(await api.POST('/api/v1/links/', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['links', 'list'] }),
  });
}
