import { useQuery } from '@tanstack/react-query';
import type { paths } from '../api-types.ts';
import { api, ApiError, setCsrfToken, unwrap } from './api-client.ts';

/**
 * The signed-in user, shared by every feature: who they are, their roles per unit and the
 * session's CSRF token. Roles only choose what navigation shows; the server decides what
 * a user may do.
 */
export type Me = paths['/api/v1/auth/me']['get']['responses']['200']['content']['application/json'];
export type Role = 'admin' | 'editor' | 'approver' | 'commune_officer' | 'viewer';

export const meQueryKey = ['auth', 'me'] as const;

/** Set by the server beside the httpOnly session cookie (server/plugins/session-cookies.ts); no secret in it. */
const SIGNED_IN_COOKIE = 'loa_signed_in';

/**
 * Without the signed-in cookie no session can exist, so the app does not ask: a signed-out
 * visitor's first page then has no refused request in the console. A session the server no
 * longer knows (expired, signed out elsewhere) answers 401 once and drops the cookie.
 */
export async function fetchMe(): Promise<Me> {
  if (!document.cookie.split('; ').some((c) => c.startsWith(`${SIGNED_IN_COOKIE}=`))) {
    throw new ApiError({ status: 401, code: 'AUTH_REQUIRED', detail: '' });
  }
  try {
    const me = unwrap(await api.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 401) document.cookie = `${SIGNED_IN_COOKIE}=; Max-Age=0; Path=/`;
    throw error;
  }
}

/** An ApiError (401) when signed out. */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

export function rolesOf(me: Me): Set<Role> {
  return new Set(me.memberships.map((m) => m.role as Role));
}

/** A user whose every membership is commune officer works on the phone pages at /xa. */
export function isOnlyCommuneOfficer(me: Me): boolean {
  return me.memberships.length > 0 && me.memberships.every((m) => m.role === 'commune_officer');
}
