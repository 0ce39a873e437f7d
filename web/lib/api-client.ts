import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../api-types.ts';
import { currentLanguage } from './i18n.ts';

/**
 * The one typed client over /api/v1 (types generated from the server's OpenAPI). It sends
 * the session cookie, echoes the session's CSRF token on writes, asks for answers in the
 * reader's language, and reports a lost session (401) so the app can return to sign-in.
 */
let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};

/** Set from the login answer or `GET /auth/me`; null after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The app registers what to do when the server says the session is gone. */
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept-language', currentLanguage());
    if (csrfToken && !readOnly.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== '/api/v1/auth/login') onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(session);

/** An RFC 9457 problem as the server sends it (server/errors.ts). */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Thrown by `unwrap` so query and mutation hooks get the server's own message. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying the problem detail. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = result.error as Partial<Problem> | undefined;
    throw new ApiError({
      status: result.response.status,
      code: body?.code ?? 'HTTP_ERROR',
      detail: body?.detail ?? result.response.statusText,
      ...(body?.field ? { field: body.field } : {}),
      ...(body?.errors ? { errors: body.errors } : {}),
    });
  }
  return result.data as T;
}

/** The server's message for one form field (problem `field` or one of `errors`), to show next to it. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const { problem } = error;
  if (problem.errors?.length) return problem.errors.find((e) => e.field === field)?.message;
  return problem.field === field ? problem.detail : undefined;
}
