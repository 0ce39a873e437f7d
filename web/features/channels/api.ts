import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Channel = paths['/api/v1/channels']['get']['responses']['200']['content']['application/json']['items'][number];
export type NewChannel = paths['/api/v1/channels']['post']['requestBody']['content']['application/json'];
export type ConnectionTest = paths['/api/v1/channels/test-connection']['post']['requestBody']['content']['application/json'];

export function useChannels() {
  return useQuery({
    queryKey: ['channels', 'list'],
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { limit: 200 } } })).items,
  });
}

export function useUnits() {
  return useQuery({ queryKey: ['units', 'choices'], queryFn: async () => unwrap(await api.GET('/api/v1/units')).items });
}

function useRefreshing<T, R>(fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channels'] }) });
}

export function useCreateChannel() {
  return useRefreshing(async (body: NewChannel) => unwrap(await api.POST('/api/v1/channels', { body })));
}

export function useTestConnection() {
  return useMutation({ mutationFn: async (body: ConnectionTest) => unwrap(await api.POST('/api/v1/channels/test-connection', { body })) });
}

export function usePause(id: string) {
  return useRefreshing(async (reason: string) => unwrap(await api.POST('/api/v1/channels/{id}/pause', { params: { path: { id } }, body: { reason } })));
}

export function useResume(id: string) {
  return useRefreshing(async () => unwrap(await api.POST('/api/v1/channels/{id}/resume', { params: { path: { id } }, body: {} })));
}

export function useTestStored(id: string) {
  return useMutation({ mutationFn: async () => unwrap(await api.POST('/api/v1/channels/{id}/test-connection', { params: { path: { id } } })) });
}

export function useReplaceCredentials(id: string) {
  return useRefreshing(async (credentials: Record<string, string>) =>
    unwrap(await api.PUT('/api/v1/channels/{id}/credentials', { params: { path: { id } }, body: { credentials } })),
  );
}
