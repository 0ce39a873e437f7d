import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, setCsrfToken, unwrap } from '../../lib/api-client.ts';
import { fetchMe, meQueryKey } from '../../lib/session.ts';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) => {
      setCsrfToken(unwrap(await api.POST('/api/v1/auth/login', { body })).csrfToken);
      // A previous user's cached answers must not show to the next one.
      queryClient.clear();
      return queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/api/v1/auth/logout'));
    },
    // The cache is cleared by the sign-in page this leads to (SignInPage), not here: cleared while
    // the signed-in pages are still mounted, their queries (the session's first) refetch, are
    // refused, and race this sign-out's navigation with a redirect to sign-in carrying ?next=.
    onSettled: () => setCsrfToken(null),
  });
}

/**
 * Whether the installation still has no user (a fresh install): the sign-in page then says
 * where the first administrator comes from. Asked outside the query cache, which the sign-in
 * page clears as it opens; a failed answer shows nothing.
 */
export function useSetupNeeded(): boolean {
  const [needed, setNeeded] = useState(false);
  useEffect(() => {
    let shown = true;
    api.GET('/api/v1/setup').then(
      ({ data }) => shown && setNeeded(data?.setupNeeded === true),
      () => undefined,
    );
    return () => {
      shown = false;
    };
  }, []);
  return needed;
}
