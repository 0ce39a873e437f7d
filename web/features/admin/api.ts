import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Unit = paths['/api/v1/units']['get']['responses']['200']['content']['application/json']['items'][number];
export type User = paths['/api/v1/users']['get']['responses']['200']['content']['application/json']['items'][number];
export type UnitKind = Unit['kind'];
export type Role = User['memberships'][number]['role'];
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;

export const unitKinds: UnitKind[] = ['province', 'department', 'district', 'commune', 'team', 'unit'];
export const roles: Role[] = ['admin', 'editor', 'approver', 'commune_officer', 'viewer'];

/** Mutations refresh what they change; every rule (who may) is the server's answer. */
function useAdminMutation<A, R>(fn: (args: A) => Promise<R>, keys: string[][]) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))) });
}

export const useCreateUnit = () =>
  useAdminMutation(async (body: { parentId: string; name: string; kind: UnitKind }) => unwrap(await api.POST('/api/v1/units', { body })), [['units']]);
export const useRenameUnit = () =>
  useAdminMutation(async ({ id, name }: { id: string; name: string }) => unwrap(await api.PATCH('/api/v1/units/{id}', { params: { path: { id } }, body: { name } })), [['units']]);
export const useMoveUnit = () =>
  useAdminMutation(
    async ({ id, parentId }: { id: string; parentId: string }) => unwrap(await api.POST('/api/v1/units/{id}/move', { params: { path: { id } }, body: { parentId } })),
    [['units']],
  );

export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: async () => unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 200 } } })).items });
}
export const useCreateUser = () =>
  useAdminMutation(
    async (body: { email: string; displayName: string; password: string; unitId: string; role: Role }) => unwrap(await api.POST('/api/v1/users', { body })),
    [['users']],
  );
export const useSetDisabled = () =>
  useAdminMutation(async ({ id, disabled }: { id: string; disabled: boolean }) => {
    const path = { params: { path: { id } } };
    return unwrap(disabled ? await api.POST('/api/v1/users/{id}/disable', path) : await api.POST('/api/v1/users/{id}/enable', path));
  }, [['users']]);
export const useGrantRole = () =>
  useAdminMutation(
    async ({ id, unitId, role }: { id: string; unitId: string; role: Role }) =>
      unwrap(await api.POST('/api/v1/users/{id}/memberships', { params: { path: { id } }, body: { unitId, role } })),
    [['users']],
  );
export const useRevokeRole = () =>
  useAdminMutation(async ({ id, membershipId }: { id: string; membershipId: string }) => {
    unwrap(await api.DELETE('/api/v1/users/{id}/memberships/{membershipId}', { params: { path: { id, membershipId } } }));
  }, [['users']]);
export const useResetPassword = () =>
  useAdminMutation(async (id: string) => unwrap(await api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id } } })), []);

export function useFreezeState() {
  return useQuery({ queryKey: ['system', 'freeze'], queryFn: async () => unwrap(await api.GET('/api/v1/system/freeze/')) });
}
export const useSetFreeze = () =>
  useAdminMutation(async (body: { on: boolean; reason?: string }) => unwrap(await api.PUT('/api/v1/system/freeze/', { body })), [['system', 'freeze']]);

export type AuditItem = paths['/api/v1/audit']['get']['responses']['200']['content']['application/json']['items'][number];

/** The log newest first, a page at a time (older pages on "Xem thêm"). */
export function useAudit(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/audit', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
