import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeOwnPassword, updateProfile } from '../../../core/auth/account.ts';
import { completePasswordReset } from '../../../core/auth/password-reset.ts';
import { MAX_PASSWORD_LENGTH, locales } from '../../../core/org/user-fields.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { UserView } from './views.ts';

const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

/** The signed-in user's own account (language, name, password) and the reset link's landing. */
export const accountRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.patch(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sửa hồ sơ của tôi (ngôn ngữ, họ tên) · Edit my profile (language, name)',
        body: Type.Object(
          { locale: Type.Optional(Type.Union(locales.map((l) => Type.Literal(l)))), displayName: Type.Optional(Type.String({ maxLength: 400 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserView }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { user: await updateProfile(deps.db, request.actor, user.id, request.body) };
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đổi mật khẩu của tôi (các phiên khác bị đăng xuất) · Change my password (other sessions are signed out)',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await changeOwnPassword(deps.db, request.actor, user.id, request.body, request.sessionToken);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đặt mật khẩu mới bằng liên kết một lần do quản trị viên cấp (không cần đăng nhập) · Set a new password with the one-time link an admin issued (no sign-in needed)',
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await completePasswordReset(deps.db, deps.clock, request.actor, request.body.token, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
};
