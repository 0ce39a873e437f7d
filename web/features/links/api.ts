import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Link = paths['/api/v1/links/']['get']['responses']['200']['content']['application/json']['items'][number];

/** Items to attach links to, found by title (accents ignored by the server). */
export function useItemSearch(q: string) {
  return useQuery({
    queryKey: ['links', 'items', q],
    queryFn: async () => unwrap(await api.GET('/api/v1/content/', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })).items,
  });
}

export function useLinks(itemId: string | null) {
  return useQuery({
    queryKey: ['links', 'list', itemId],
    enabled: itemId !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/links/', { params: { query: { itemId: itemId! } } })).items,
  });
}

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
