import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MIN_PASSWORD_LENGTH } from '../../../core/auth/passwords.ts';
import { grantMembership, revokeMembership } from '../../../core/org/memberships.ts';
import { MAX_LIMIT } from '../../../core/org/pagination.ts';
import { locales } from '../../../core/org/user-fields.ts';
import { createUser, getUser, listUsers, setUserDisabled } from '../../../core/org/users.ts';
import { roles } from '../../../db/schema/index.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const Role = Type.Union(roles.map((r) => Type.Literal(r)));
const MembershipView = Type.Object({ id: Type.String(), unitId: Type.String(), unitName: Type.String(), role: Role });
/** Deliberately no password hash, lockout counters or Zalo id. */
const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  locale: Type.String(),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  memberships: Type.Array(MembershipView),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Accounts and their roles; every route needs `user.manage` (admins) on the units concerned. */
export const userRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Người dùng trong các đơn vị bạn quản trị (phân trang) · Users in the units you administer (paginated)',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
            unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Only users of this unit’s subtree' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(UserView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      return listUsers(deps.db, request.actor, request.query);
    },
  );

  app.post(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Tạo người dùng với một vai trò tại một đơn vị · Create a user with a role on a unit',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 512, description: `At least ${MIN_PASSWORD_LENGTH} characters (422 PASSWORD_TOO_SHORT)` }),
            locale: Type.Optional(Type.Union(locales.map((l) => Type.Literal(l)))),
            unitId: Type.String({ format: 'uuid' }),
            role: Role,
          },
          { additionalProperties: false },
        ),
        response: { 201: UserView },
      },
    },
    async (request, reply) => {
      requireUser(request);
      return reply.status(201).send(await createUser(deps.db, request.actor, request.body));
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['users'], summary: 'Xem một người dùng · One user', params: IdParams, response: { 200: UserView } } },
    async (request) => {
      requireUser(request);
      return getUser(deps.db, request.actor, request.params.id);
    },
  );

  for (const [path, disabled, summary] of [
    ['/:id/disable', true, 'Khoá tài khoản (đăng xuất ngay, API token ngừng hoạt động) · Disable an account (signed out at once, its API tokens stop working)'],
    ['/:id/enable', false, 'Mở khoá tài khoản · Enable an account'],
  ] as const) {
    app.post(path, { schema: { tags: ['users'], summary, params: IdParams, response: { 200: UserView } } }, async (request) => {
      requireUser(request);
      return setUserDisabled(deps.db, request.actor, request.params.id, disabled);
    });
  }

  app.post(
    '/:id/memberships',
    {
      schema: {
        tags: ['users'],
        summary: 'Cấp vai trò tại một đơn vị · Grant a role on a unit',
        params: IdParams,
        body: Type.Object({ unitId: Type.String({ format: 'uuid' }), role: Role }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), userId: Type.String(), unitId: Type.String(), role: Role }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const m = await grantMembership(deps.db, request.actor, request.params.id, request.body.unitId, request.body.role);
      return reply.status(201).send(m);
    },
  );

  app.delete(
    '/:id/memberships/:membershipId',
    {
      schema: {
        tags: ['users'],
        summary: 'Thu hồi vai trò · Revoke a role',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), membershipId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await revokeMembership(deps.db, request.actor, request.params.id, request.params.membershipId);
      return reply.status(204).send(null);
    },
  );
};
