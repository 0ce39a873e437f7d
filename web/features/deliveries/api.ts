import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Delivery = paths['/api/v1/deliveries/']['get']['responses']['200']['content']['application/json']['items'][number];
export type DeliveryDetail = paths['/api/v1/deliveries/{id}']['get']['responses']['200']['content']['application/json'];
export type DeliveryFilter = NonNullable<paths['/api/v1/deliveries/']['get']['parameters']['query']>;
export type ActionName = keyof Delivery['can'] & string;

export function useDeliveries(filter: Partial<DeliveryFilter>) {
  return useQuery({
    queryKey: ['deliveries', 'list', filter],
    queryFn: async () => unwrap(await api.GET('/api/v1/deliveries/', { params: { query: { limit: 200, ...filter } } })),
  });
}

export function useDeliveryDetail(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['deliveries', 'detail', id],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/deliveries/{id}', { params: { path: { id } } })),
  });
}

/** What each action sends; the server decides whether it may happen. */
export type ActionInput =
  | { action: 'retry' | 'publishNow' | 'cancel' | 'retryCorrection' }
  | { action: 'reschedule'; dueAt: string }
  | { action: 'takeDown'; reason: string }
  | { action: 'markReconciled'; outcome: 'published'; externalId: string; url?: string }
  | { action: 'markReconciled'; outcome: 'absent' }
  | { action: 'markReconciled'; outcome: 'failed'; reason: string };

async function run(id: string, input: ActionInput): Promise<unknown> {
  const path = { params: { path: { id } } };
  switch (input.action) {
    case 'retry':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/retry', path));
    case 'publishNow':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/publish-now', path));
    case 'cancel':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/cancel', path));
    case 'retryCorrection':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/retry-correction', path));
    case 'reschedule':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/reschedule', { ...path, body: { dueAt: input.dueAt } }));
    case 'takeDown':
      return unwrap(await api.POST('/api/v1/deliveries/{id}/take-down', { ...path, body: { reason: input.reason } }));
    case 'markReconciled': {
      const { action: _a, ...body } = input;
      return unwrap(await api.POST('/api/v1/deliveries/{id}/mark-reconciled', { ...path, body }));
    }
  }
}

/** Runs an action on a delivery, then refreshes every list and calendar that shows it. */
export function useDeliveryAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ActionInput) => run(id, input),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['deliveries'] }), queryClient.invalidateQueries({ queryKey: ['calendar'] })]);
    },
  });
}
