import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createUnit, listUnits, moveUnit, updateUnit, type UnitRow } from '../../../core/org/units.ts';
import type { UnitNode } from '../../../core/units.ts';
import { unitKinds } from '../../../db/schema/index.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const Kind = Type.Union(
  unitKinds.map((k) => Type.Literal(k)),
  { description: 'province, department, district, commune, team or unit (reports count `commune` units)' },
);
const UnitView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  name: Type.String(),
  kind: Kind,
  code: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const TreeUnitView = Type.Composite([UnitView, Type.Object({ depth: Type.Integer({ minimum: 0 }) })]);
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()], { description: 'Optional unique short code' });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function view(u: UnitRow | UnitNode): Static<typeof UnitView> {
  return { id: u.id, parentId: u.parentId, name: u.name, kind: u.kind, code: u.code, createdAt: u.createdAt.toISOString() };
}

/** The organisation tree: units of any depth; managing them needs `unit.manage` (admins). */
export const unitRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '',
    {
      schema: {
        tags: ['units'],
        summary: 'Cây đơn vị mà bạn có vai trò (thứ tự cây, kèm parentId và depth) · The unit tree where you hold a role (tree order, with parentId and depth)',
        description: 'The whole readable tree in one answer (pre-order: each unit before its children); not paginated.',
        response: { 200: Type.Object({ items: Type.Array(TreeUnitView) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const nodes = await listUnits(deps.db, request.actor);
      return { items: nodes.map((n) => ({ ...view(n), depth: n.depth })) };
    },
  );

  app.post(
    '',
    {
      schema: {
        tags: ['units'],
        summary: 'Tạo đơn vị con · Create a child unit',
        body: Type.Object(
          { parentId: Type.String({ format: 'uuid' }), name: Name, kind: Type.Optional(Kind), code: Type.Optional(Code) },
          { additionalProperties: false },
        ),
        response: { 201: UnitView },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { parentId, ...fields } = request.body;
      const unit = await createUnit(deps.db, request.actor, parentId, fields);
      return reply.status(201).send(view(unit));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Đổi tên, loại hoặc mã đơn vị · Rename a unit or change its kind or code',
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Name), kind: Type.Optional(Kind), code: Type.Optional(Code) }, { additionalProperties: false }),
        response: { 200: UnitView },
      },
    },
    async (request) => {
      requireUser(request);
      return view(await updateUnit(deps.db, request.actor, request.params.id, request.body));
    },
  );

  app.post(
    '/:id/move',
    {
      schema: {
        tags: ['units'],
        summary: 'Chuyển đơn vị (cùng các đơn vị cấp dưới) sang đơn vị cha mới · Move a unit (with the units below it) under a new parent',
        description: 'Needs unit.manage on both the old and the new parent. Moving under itself or a descendant: 422 with field /parentId.',
        params: IdParams,
        body: Type.Object({ parentId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: UnitView },
      },
    },
    async (request) => {
      requireUser(request);
      return view(await moveUnit(deps.db, request.actor, request.params.id, request.body.parentId));
    },
  );
};
