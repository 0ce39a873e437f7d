import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ability } from '../../../core/ability.ts';
import { assertMayFreeze, getFreeze, setFreeze } from '../../../core/system-settings.ts';
import type { AppDeps } from '../../deps.ts';
import { Ability } from '../content/schemas.ts';
import { requireUser } from '../../plugins/auth.ts';

const FreezeView = Type.Object({
  on: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  by: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The installation-wide publishing freeze (who may switch it: core/system-settings.ts).
 */
export const freezeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['system'],
        summary: 'Trạng thái tạm dừng đăng bài toàn hệ thống · The installation-wide publishing freeze',
        response: {
          200: Type.Composite([
            FreezeView,
            Type.Object({ can: Type.Object({ switch: Ability }, { description: 'switch: turn the freeze on or off (system.manage on a top-level unit), as PUT would answer' }) }),
          ]),
        },
      },
    },
    async (request) => {
      requireUser(request);
      const [freeze, maySwitch] = await Promise.all([getFreeze(deps.db), ability(() => assertMayFreeze(deps.db, request.actor))]);
      return { ...freeze, can: { switch: maySwitch } };
    },
  );

  app.put(
    '/',
    {
      schema: {
        tags: ['system'],
        summary: 'Bật/tắt tạm dừng đăng bài toàn hệ thống (kèm lý do) · Turn the installation-wide publishing freeze on or off (with a reason)',
        body: Type.Object({ on: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ freeze: FreezeView, released: Type.Integer() }) },
      },
    },
    async (request) => {
      requireUser(request);
      await assertMayFreeze(deps.db, request.actor);
      return deps.db.transaction((tx) => setFreeze(tx, request.actor, request.body, deps.clock.now()));
    },
  );
};
