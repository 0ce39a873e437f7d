import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireGrantRoots } from '../../../core/org/access.ts';
import { getFreeze, setFreeze } from '../../../core/system-settings.ts';
import { forbidden } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const FreezeView = Type.Object({
  on: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  by: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The installation-wide publishing freeze. Only an admin of a top-level unit may switch
 * it: it stops every unit's publishing, so a subtree admin must not.
 */
export const freezeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get('/', { schema: { tags: ['system'], summary: 'Trạng thái tạm dừng đăng bài toàn hệ thống', response: { 200: FreezeView } } }, async (request) => {
    requireUser(request);
    return getFreeze(deps.db);
  });

  app.put(
    '/',
    {
      schema: {
        tags: ['system'],
        summary: 'Bật/tắt tạm dừng đăng bài toàn hệ thống (kèm lý do)',
        body: Type.Object({ on: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ freeze: FreezeView, released: Type.Integer() }) },
      },
    },
    async (request) => {
      requireUser(request);
      const { roots } = await requireGrantRoots(deps.db, request.actor, 'system.manage');
      const topLevel = await deps.db.query.units.findMany({ where: (u, { isNull }) => isNull(u.parentId), columns: { id: true } });
      if (!roots.some((r) => topLevel.some((u) => u.id === r))) throw forbidden();
      return deps.db.transaction((tx) => setFreeze(tx, request.actor, request.body, deps.clock.now()));
    },
  );
};
