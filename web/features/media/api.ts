import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';

export function useMediaList(search: string) {
  return useQuery({
    queryKey: ['media', 'list', 'library', search],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/media/', { params: { query: { limit: 120, status: 'ready', ...(search ? { q: search } : {}) } } })).items,
  });
}

export function useMediaUsage(id: string | null) {
  return useQuery({
    queryKey: ['media', 'usage', id],
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/media/{id}/usage', { params: { path: { id: id! } } })),
  });
}

export function useSetAltText(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (altText: string) => unwrap(await api.PATCH('/api/v1/media/{id}', { params: { path: { id } }, body: { altText } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['media'] }),
  });
}
