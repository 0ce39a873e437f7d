import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';
import { itemKey } from '../../lib/content.ts';

/** Items in review in the units the approver covers (the server decides who may approve each). */
export function useInbox() {
  return useQuery({
    queryKey: ['content', 'list', 'inbox'],
    queryFn: async () => unwrap(await api.GET('/api/v1/content/', { params: { query: { state: 'in_review', decidable: true, limit: 200 } } })).items,
  });
}

export function useDecide(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ decision, comment, revision }: { decision: 'approve' | 'reject'; comment: string; revision: number }) => {
      const path = { params: { path: { id } } };
      if (decision === 'approve') unwrap(await api.POST('/api/v1/content/{id}/approve', { ...path, body: { comment, revision } }));
      else unwrap(await api.POST('/api/v1/content/{id}/reject', { ...path, body: { comment, revision } }));
    },
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: itemKey(id) }), queryClient.invalidateQueries({ queryKey: ['content', 'list'] })]),
  });
}

export function useConsentNames(ids: readonly string[]) {
  return useQuery({
    queryKey: ['consents', 'names', ids],
    enabled: ids.length > 0,
    queryFn: async () =>
      Object.fromEntries(
        await Promise.all(
          ids.map(async (id) => {
            const res = await api.GET('/api/v1/consents/{id}', { params: { path: { id } } });
            return [id, res.data?.consent.personName ?? id] as const;
          }),
        ),
      ),
  });
}

/** Per channel already showing the item: what approving `revision` does there (the server's answer, from each channel's connector). */
export function useCorrections(id: string, revision: number | undefined) {
  return useQuery({
    queryKey: ['content', id, 'corrections', revision],
    enabled: revision !== undefined,
    queryFn: async () => unwrap(await api.GET('/api/v1/content/{id}/preview', { params: { path: { id }, query: { revision } } })).corrections,
  });
}
