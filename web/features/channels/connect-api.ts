import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';

/** The Pages / YouTube channels a connect flow offers (names only; the tokens stay on the server). */
export function useConnectChoice(id: string | null) {
  return useQuery({
    queryKey: ['oauth-choice', id],
    enabled: id !== null,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/oauth/choices/{id}', { params: { path: { id: id! } } })),
  });
}

export function useChooseConnection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (optionId: string) => unwrap(await api.POST('/api/v1/oauth/choices/{id}', { params: { path: { id } }, body: { optionId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useChannel(id: string | null) {
  return useQuery({
    queryKey: ['channels', 'one', id],
    enabled: id !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/channels/{id}', { params: { path: { id: id! } } })),
  });
}
