import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Kit = paths['/api/v1/share-kits/items/{itemId}']['get']['responses']['200']['content']['application/json']['items'][number];

const kitsKey = (itemId: string) => ['share-kits', itemId];

/** The item's kits; refreshed every few seconds while one is still being opened by the worker. */
export function useItemKits(itemId: string) {
  return useQuery({
    queryKey: kitsKey(itemId),
    queryFn: async () => unwrap(await api.GET('/api/v1/share-kits/items/{itemId}', { params: { path: { itemId } } })).items,
    refetchInterval: (query) => (query.state.data?.some((k) => k.state === 'scheduled') ? 2_000 : false),
  });
}

/** Share-kit recipients (channels of platform `share_kit`) the user may see. */
export function useRecipients() {
  return useQuery({
    queryKey: ['channels', 'list', 'share_kit'],
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { limit: 200, platform: 'share_kit' } } })).items,
  });
}

function useKitMutation<T, R>(itemId: string, fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: kitsKey(itemId) }) });
}

export function useCreateKits(itemId: string) {
  return useKitMutation(itemId, async (body: { channelIds: string[]; deadlineAt: string | null }) =>
    unwrap(await api.POST('/api/v1/share-kits/items/{itemId}', { params: { path: { itemId } }, body })),
  );
}

/** Issues the recipient's secret link; its address is in the answer only (shown once). */
export function useIssueLink(itemId: string) {
  return useKitMutation(itemId, async (deliveryId: string) => unwrap(await api.POST('/api/v1/share-kits/deliveries/{id}/link', { params: { path: { id: deliveryId } } })));
}

export function useRevokeLink(itemId: string) {
  return useKitMutation(itemId, async (deliveryId: string) => {
    unwrap(await api.DELETE('/api/v1/share-kits/deliveries/{id}/link', { params: { path: { id: deliveryId } } }));
  });
}
