import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApiToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, tokenScopes, type TokenScope } from '../../../core/auth/api-tokens.ts';
import { logout } from '../../../core/auth/sessions.ts';
import { membershipsOf } from '../../../core/units.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { clearSessionCookies } from '../../plugins/session-cookies.ts';
import { signInWithCookies } from './sign-in.ts';
import { UserView } from './views.ts';

export const authRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập bằng email và mật khẩu (sets an httpOnly session cookie) · Sign in with e-mail and password (sets an httpOnly session cookie)',
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 512 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserView, csrfToken: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }) },
      },
    },
    async (request, reply) => {
      const result = await signInWithCookies(deps, reply, { email: request.body.email, password: request.body.password, ip: request.ip });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post('/logout', { schema: { tags: ['auth'], summary: 'Đăng xuất · Sign out', response: { 204: Type.Null() } } }, async (request, reply) => {
    requireUser(request);
    if (request.sessionToken) await logout(deps.db, request.actor, request.sessionToken);
    clearSessionCookies(reply);
    return reply.status(204).send(null);
  });

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Người dùng hiện tại và vai trò · The current user and their roles',
        response: {
          200: Type.Object({
            user: UserView,
            memberships: Type.Array(Type.Object({ unitId: Type.String(), role: Type.String() })),
            // The web app reads it after a reload (the login answer is gone by then);
            // null when signed in with an API token, which needs none.
            csrfToken: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { user, memberships: await membershipsOf(deps.db, user.id), csrfToken: request.csrfToken };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Tạo API token cho tự động hoá, có phạm vi và hạn dùng · Create an API token with a scope and an expiry (secret shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scope: Type.Optional(
              Type.Unsafe<TokenScope>({ type: 'string', enum: [...tokenScopes], default: 'read', description: '`read`: GET only; `write`: whatever your roles allow' }),
            ),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS, default: DEFAULT_TOKEN_DAYS })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), token: Type.String(), scope: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { name, scope = 'read', expiresInDays = DEFAULT_TOKEN_DAYS } = request.body;
      const created = await createApiToken(deps.db, deps.clock, request.actor, user.id, { name, scope, expiresInDays }, request.apiToken);
      return reply.status(201).send({ ...created, expiresAt: created.expiresAt.toISOString() });
    },
  );
};
