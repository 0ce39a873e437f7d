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

export type ChannelSet = paths['/api/v1/channel-sets']['get']['responses']['200']['content']['application/json']['items'][number];

export function useChannelSets() {
  return useQuery({ queryKey: ['channel-sets', 'list'], queryFn: async () => unwrap(await api.GET('/api/v1/channel-sets')).items });
}

function useSetChange<T, R>(fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['channel-sets'] }) });
}

export function useCreateChannelSet() {
  return useSetChange(async (body: { unitId: string; name: string; channelIds: string[] }) => unwrap(await api.POST('/api/v1/channel-sets', { body })));
}

export function useRenameChannelSet(id: string) {
  return useSetChange(async (name: string) => unwrap(await api.PATCH('/api/v1/channel-sets/{id}', { params: { path: { id } }, body: { name } })));
}

export function useDeleteChannelSet(id: string) {
  return useSetChange(async () => unwrap(await api.DELETE('/api/v1/channel-sets/{id}', { params: { path: { id } } })));
}

/** Makes the set hold exactly `channelIds`: adds the new ones in one request, removes the others one by one. */
export function useSetMembers(set: ChannelSet) {
  return useSetChange(async (channelIds: string[]) => {
    const added = channelIds.filter((c) => !set.channelIds.includes(c));
    const removed = set.channelIds.filter((c) => !channelIds.includes(c));
    if (added.length) unwrap(await api.POST('/api/v1/channel-sets/{id}/members', { params: { path: { id: set.id } }, body: { channelIds: added } }));
    for (const channelId of removed) unwrap(await api.DELETE('/api/v1/channel-sets/{id}/members/{channelId}', { params: { path: { id: set.id, channelId } } }));
  });
}

/** The channels of a unit and its sub-units, as the server counts a subtree: the ones a set of that unit may hold. */
export function useChannelsUnder(unitId: string | null) {
  return useQuery({
    queryKey: ['channels', 'under', unitId],
    enabled: unitId !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { unitId: unitId!, limit: 200 } } })).items,
  });
}

export function useChannelOfficers(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['channels', 'officers', id],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/channels/{id}/officers', { params: { path: { id } } })),
  });
}

/**
 * Saves a manual group's name, member count and either its officers (a second request) or a
 * move to another commune (`unitId`: the officers are chosen again once it has moved).
 */
export function useSaveManualGroup(id: string) {
  return useRefreshing(async (v: { name: string; memberCount: number | null } & ({ userIds: string[] } | { unitId: string })) => {
    const body = { name: v.name, memberCount: v.memberCount, ...('unitId' in v ? { unitId: v.unitId } : {}) };
    unwrap(await api.PATCH('/api/v1/channels/{id}', { params: { path: { id } }, body }));
    if ('userIds' in v) unwrap(await api.PUT('/api/v1/channels/{id}/officers', { params: { path: { id } }, body: { userIds: v.userIds } }));
  });
}
