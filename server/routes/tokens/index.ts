import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listOwnApiTokens, revokeOwnApiToken } from '../../../core/org/api-tokens.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const TokenView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the token, to tell tokens apart' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  scope: Type.Union([Type.Literal('read'), Type.Literal('write')]),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** The caller's own API tokens (creation is POST /auth/tokens in the auth routes). */
export const tokenRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '',
    { schema: { tags: ['auth'], summary: 'API token của bạn (không bao giờ hiện lại mã bí mật) · Your API tokens (the secret is never shown again)', response: { 200: Type.Object({ items: Type.Array(TokenView) }) } } },
    async (request) => {
      requireUser(request);
      return { items: await listOwnApiTokens(deps.db, request.actor) };
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Thu hồi một API token của bạn · Revoke one of your API tokens',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await revokeOwnApiToken(deps.db, request.actor, request.params.id, deps.clock.now());
      return reply.status(204).send(null);
    },
  );
};
