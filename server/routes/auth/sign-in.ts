import type { FastifyReply } from 'fastify';
import { login } from '../../../core/auth/sessions.ts';
import type { AppDeps } from '../../deps.ts';
import { setSessionCookies } from '../../plugins/session-cookies.ts';

/** Signs in with e-mail and password under the configured lockout, and sets the session cookies on the reply. */
export async function signInWithCookies(deps: AppDeps, reply: FastifyReply, input: { email: string; password: string; ip: string }) {
  const result = await login(
    deps.db,
    deps.clock,
    {
      maxAttempts: deps.config.loginMaxAttempts,
      lockMinutes: deps.config.loginLockMinutes,
      sessionTtlHours: deps.config.sessionTtlHours,
      maxFailuresPerIp: deps.config.loginMaxAttempts * 4,
    },
    input,
  );
  setSessionCookies(reply, { token: result.sessionToken, expires: result.expiresAt, secure: deps.config.publicUrl.startsWith('https://') });
  return result;
}
