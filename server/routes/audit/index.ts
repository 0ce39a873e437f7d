import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auditScope, iterateAudit, readAudit, type AuditFilter, type AuditItem } from '../../../core/org/audit-log.ts';
import { MAX_LIMIT } from '../../../core/org/pagination.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { auditCsvHeader, auditCsvRow, BOM, csvLine, vnIsoTime } from './csv.ts';

const Filter = {
  entityType: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. unit, user, content_item, delivery' })),
  entityId: Type.Optional(Type.String({ maxLength: 200 })),
  actor: Type.Optional(Type.String({ format: 'uuid', description: 'User id of whoever acted' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. unit.move' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive; ISO 8601 with offset' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive; ISO 8601 with offset' })),
};
const FilterQuery = Type.Object(Filter, { additionalProperties: false });

const AuditItemView = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time', description: 'UTC' }),
  atLocal: Type.String({ description: 'Asia/Ho_Chi_Minh with offset' }),
  actor: Type.Object({
    id: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String({ description: 'user | token | system | cli' }),
    email: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.Union([Type.String(), Type.Null()]),
});

function toFilter(q: Static<typeof FilterQuery>): AuditFilter {
  return {
    entityType: q.entityType,
    entityId: q.entityId,
    actorId: q.actor,
    action: q.action,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

function view(item: AuditItem): Static<typeof AuditItemView> {
  return { ...item, at: item.at.toISOString(), atLocal: vnIsoTime(item.at) };
}

/** The audit log, for admins (`audit.read`), limited to the units they administer. */
export const auditRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký thao tác (mới nhất trước, phân trang) · Audit log (newest first, paginated)',
        querystring: Type.Object(
          { ...Filter, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })), cursor: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditItemView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const scope = await auditScope(deps.db, request.actor);
      const page = await readAudit(deps.db, scope, toFilter(request.query), request.query);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'Xuất nhật ký thao tác ra CSV (UTF-8 có BOM, giờ Việt Nam) · Export the audit log as CSV (UTF-8 with BOM, Vietnam time)',
        querystring: FilterQuery,
      },
    },
    async (request, reply) => {
      requireUser(request);
      const scope = await auditScope(deps.db, request.actor);
      const rows = iterateAudit(deps.db, scope, toFilter(request.query))[Symbol.asyncIterator]();
      // The first batch is read before the 200 goes out: a query the database refuses is then
      // an error answer, not a download cut short after its headers.
      const first = await rows.next();
      async function* lines() {
        yield BOM + csvLine(auditCsvHeader);
        for (let next = first; !next.done; next = await rows.next()) yield csvLine(auditCsvRow(next.value));
      }
      const day = vnIsoTime(deps.clock.now()).slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="nhat-ky-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines()));
    },
  );
};
