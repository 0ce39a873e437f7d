import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readReport } from '../../../core/reports/access.ts';
import { tableCsv } from '../../../core/reports/csv.ts';
import { reportTables } from '../../../core/reports/tables.ts';
import { AppError } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { PeriodQuery, periodFromQuery, UnitParams } from './schemas.ts';

const tags = ['reports'];
const TABLE_KEYS = ['summary', 'units', 'platforms', 'themes', 'items', 'channels', 'activities', 'ranking', 'submissions'] as const;

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function attachment(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w.-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Exports of a unit's report, each from the same figures the report page shows (core/reports/tables.ts). */
export const reportExportRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  app.get(
    '/units/:unitId/export.csv',
    {
      schema: {
        tags,
        summary: 'Xuất một bảng của báo cáo ra CSV (UTF-8 có BOM)',
        params: UnitParams,
        querystring: Type.Composite([PeriodQuery, Type.Object({ table: Type.Union(TABLE_KEYS.map((k) => Type.Literal(k)), { default: 'units' }) })]),
      },
    },
    async (request, reply) => {
      requireUser(request);
      const report = await readReport(db, request.actor, request.params.unitId, periodFromQuery(request.query), clock.now());
      const table = reportTables(report).find((t) => t.key === request.query.table);
      if (!table) throw new AppError('REPORT_TABLE_UNKNOWN', 400, { vi: 'Không có bảng này', en: 'No such table' }, 'querystring:/table');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`bao-cao-${report.period.from}-${report.period.to}-${table.key}.csv`))
        .send(tableCsv(table));
    },
  );
};
