import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../core/actor.ts';
import { resolveApiToken, resolveSession, type SessionUser } from '../../core/auth/sessions.ts';
import { AppError } from '../../lib/errors.ts';
import type { AppDeps } from '../deps.ts';

export const SESSION_COOKIE = 'loa_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    actor: Actor;
    /** The raw session cookie value when signed in by cookie. */
    sessionToken: string | null;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Identifies the caller from the session cookie or an `Authorization: Bearer` API token.
 * Cookie-authenticated writes must echo the session's CSRF token in `x-csrf-token`
 * (the cookie is also SameSite=Lax); bearer tokens are not ambient, so they need none.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, deps: AppDeps) => {
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('actor', null as unknown as Actor);
    app.addHook('onRequest', async (request) => {
      request.actor = { kind: 'user', userId: null, ip: request.ip };
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer) {
        const user = await resolveApiToken(deps.db, deps.clock, bearer);
        if (!user) throw unauthenticated();
        request.user = user;
        request.actor = { kind: 'token', userId: user.id, ip: request.ip };
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await resolveSession(deps.db, deps.clock, cookie);
      if (!session) return;
      if (unsafeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
        throw new AppError('CSRF_TOKEN_INVALID', 403, {
          vi: 'Thiếu hoặc sai mã chống giả mạo (x-csrf-token). Hãy tải lại trang.',
          en: 'Missing or wrong CSRF token (x-csrf-token). Reload the page.',
        });
      }
      request.user = session.user;
      request.sessionToken = cookie;
      request.actor = { kind: 'user', userId: session.user.id, ip: request.ip };
    });
  },
  { name: 'loa-auth' },
);

export function unauthenticated() {
  return new AppError('AUTH_REQUIRED', 401, { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' });
}

/** The signed-in user, or a 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}
