import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';
import { meQueryKey, type Me } from '../../lib/session.ts';

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { locale?: 'vi' | 'en'; displayName?: string }) => unwrap(await api.PATCH('/api/v1/auth/me', { body })).user,
    onSuccess: (user) => queryClient.setQueryData<Me>(meQueryKey, (me) => (me ? { ...me, user } : me)),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      unwrap(await api.POST('/api/v1/auth/password', { body }));
    },
  });
}

const tokensKey = ['auth', 'tokens'] as const;

export function useApiTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: async () => unwrap(await api.GET('/api/v1/auth/tokens')).items });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; scope: 'read' | 'write'; expiresInDays: number }) => unwrap(await api.POST('/api/v1/auth/tokens', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/api/v1/auth/tokens/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
