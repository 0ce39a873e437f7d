import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../core/actor.ts';
import { assertScopeAllows, resolveApiToken, type AuthenticatingToken } from '../../core/auth/api-tokens.ts';
import { resolveSession, type SessionUser } from '../../core/auth/sessions.ts';
import { AppError } from '../../lib/errors.ts';
import type { AppDeps } from '../deps.ts';

export const SESSION_COOKIE = 'loa_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Body field carrying the CSRF token on routes with `config: { formCsrf: true }`. */
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    actor: Actor;
    /** The raw session cookie value when signed in by cookie. */
    sessionToken: string | null;
    /** The session's CSRF token, for server-rendered forms (null without a session). */
    csrfToken: string | null;
    /** Set when a form post's CSRF token is still to be read from its body (`_csrf`). */
    formCsrfExpected: string | null;
    /** The API token the request was authenticated by (null for sessions and anonymous requests). */
    apiToken: AuthenticatingToken | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Identifies the caller from the session cookie or an `Authorization: Bearer` API token.
 * Cookie-authenticated writes must echo the session's CSRF token in `x-csrf-token`
 * (the cookie is also SameSite=Lax), or in a `_csrf` form field where a route allows it;
 * bearer tokens are not ambient, so they need none.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, deps: AppDeps) => {
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('csrfToken', null);
    app.decorateRequest('formCsrfExpected', null);
    app.decorateRequest('apiToken', null);
    app.decorateRequest('actor', null as unknown as Actor);
    app.addHook('onRequest', async (request) => {
      request.actor = { kind: 'user', userId: null, ip: request.ip };
      // Citizens' public forms: whoever is signed in on this browser acts as an anonymous citizen there.
      if ((request.routeOptions.config as { anonymous?: boolean } | undefined)?.anonymous === true) return;
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        const resolved = await resolveApiToken(deps.db, deps.clock, bearer);
        if (!resolved) throw unauthenticated();
        assertScopeAllows(resolved.token, request.method);
        request.user = resolved.user;
        request.apiToken = resolved.token;
        request.actor = { kind: 'token', userId: resolved.user.id, ip: request.ip };
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await resolveSession(deps.db, deps.clock, cookie);
      if (!session) return;
      if (unsafeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
        if (!acceptsFormCsrf(request)) throw csrfInvalid();
        request.formCsrfExpected = session.csrfToken;
      }
      request.user = session.user;
      request.sessionToken = cookie;
      request.csrfToken = session.csrfToken;
      request.actor = { kind: 'user', userId: session.user.id, ip: request.ip };
    });
    // The form-field token is checked once the body is parsed, before any handler runs.
    app.addHook('preValidation', async (request) => {
      if (request.formCsrfExpected === null) return;
      const sent = (request.body as Record<string, unknown> | null | undefined)?.[CSRF_FIELD];
      if (sent !== request.formCsrfExpected) throw csrfInvalid();
    });
  },
  { name: 'loa-auth' },
);

/**
 * Plain HTML forms (the phone pages, usable with JavaScript off) cannot set a header: a
 * route declaring `config: { formCsrf: true }` may carry the session's token as the
 * `_csrf` field of a urlencoded or multipart body instead.
 */
function acceptsFormCsrf(request: FastifyRequest): boolean {
  if ((request.routeOptions.config as { formCsrf?: boolean } | undefined)?.formCsrf !== true) return false;
  const type = request.headers['content-type'] ?? '';
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type);
}

const csrfInvalid = () =>
  new AppError('CSRF_TOKEN_INVALID', 403, {
    vi: 'Thiếu hoặc sai mã chống giả mạo (x-csrf-token). Hãy tải lại trang.',
    en: 'Missing or wrong CSRF token (x-csrf-token). Reload the page.',
  });

export function unauthenticated() {
  return new AppError('AUTH_REQUIRED', 401, { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' });
}

/** The signed-in user, or a 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}
