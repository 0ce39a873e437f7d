import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './auth.ts';

/**
 * A readable companion of the httpOnly session cookie, with no secret in it: the web app looks
 * for it before asking `GET /auth/me`, so a signed-out visitor's first page asks nothing the
 * server must refuse (each refusal is a red 401 line in the browser's console). Its presence
 * proves nothing; the session cookie alone signs a request in.
 */
export const SIGNED_IN_COOKIE = 'loa_signed_in';

export function setSessionCookies(reply: FastifyReply, session: { token: string; expires: Date; secure: boolean }): void {
  const options = { sameSite: 'lax', secure: session.secure, path: '/', expires: session.expires } as const;
  reply.setCookie(SESSION_COOKIE, session.token, { ...options, httpOnly: true });
  reply.setCookie(SIGNED_IN_COOKIE, '1', options);
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(SIGNED_IN_COOKIE, { path: '/' });
}
