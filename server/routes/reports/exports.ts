import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readComplianceMatrix, readReport } from '../../../core/reports/access.ts';
import { tableCsv } from '../../../core/reports/csv.ts';
import { exportDocx, exportXlsx, readTrend } from '../../../core/reports/exports.ts';
import { reportTables } from '../../../core/reports/tables.ts';
import { AppError } from '../../../lib/errors.ts';
import { slugify } from '../../../lib/text.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { PeriodQuery, periodFromQuery, UnitParams } from './schemas.ts';

const tags = ['reports'];
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TABLE_KEYS = ['summary', 'units', 'platforms', 'themes', 'items', 'channels', 'activities', 'ranking', 'submissions'] as const;

/**
 * An export's file name: the unit and the period, so a manager who downloads the province's
 * report and then each commune's gets files that say whose they are, not "bao-cao-…(1).docx".
 */
const fileName = (report: { unit: { name: string }; period: { from: string; to: string } }, ext: string) =>
  `bao-cao-${slugify(report.unit.name)}-${report.period.from}-${report.period.to}${ext}`;

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
        summary: 'Xuất một bảng của báo cáo ra CSV (UTF-8 có BOM) · Export one table of the report as CSV (UTF-8 with BOM)',
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
        .header('content-disposition', attachment(fileName(report, `-${table.key}.csv`)))
        .send(tableCsv(table));
    },
  );

  app.get(
    '/units/:unitId/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất báo cáo ra XLSX: mỗi bảng một trang tính, đến từng bài × kênh và từng xã · Export the report as XLSX: one sheet per table, down to each item × channel and each commune',
        params: UnitParams,
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { report, body } = await exportXlsx(db, request.actor, request.params.unitId, periodFromQuery(request.query), clock.now());
      return reply.type(XLSX).header('content-disposition', attachment(fileName(report, '.xlsx'))).send(body);
    },
  );

  app.get(
    '/units/:unitId/export.docx',
    {
      schema: {
        tags,
        summary: 'Xuất báo cáo chính thức ra DOCX theo thể thức Nghị định 30/2020/NĐ-CP (kèm bảng và biểu đồ) · Export the official report as DOCX in the Decree 30/2020/NĐ-CP format (with tables and charts)',
        params: UnitParams,
        querystring: PeriodQuery,
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { report, body } = await exportDocx(db, request.actor, request.params.unitId, periodFromQuery(request.query), clock.now());
      return reply.type(DOCX).header('content-disposition', attachment(fileName(report, '.docx'))).send(body);
    },
  );

  app.get(
    '/units/:unitId/trend',
    {
      schema: {
        tags,
        summary: 'Diễn biến số liệu theo tuần trong kỳ (mỗi tuần tính như một kỳ riêng) · Weekly trend of the figures in the period (each week computed as a period of its own)',
        params: UnitParams,
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            weeks: Type.Array(
              Type.Object({
                from: Type.String({ format: 'date' }),
                to: Type.String({ format: 'date' }),
                label: Type.String(),
                figures: Type.Object({ views: NullableNumber, reach: NullableNumber, engagement: NullableNumber, clicks: NullableNumber }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireUser(request);
      return { weeks: await readTrend(db, request.actor, request.params.unitId, periodFromQuery(request.query)) };
    },
  );

  app.get(
    '/units/:unitId/compliance',
    {
      schema: {
        tags,
        summary: 'Bảng đăng vào nhóm Zalo theo bài × xã trong kỳ (đúng hạn, trễ hạn, bỏ lỡ, đang chờ) · Zalo group posting by item × commune in the period (on time, late, missed, pending)',
        params: UnitParams,
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            communes: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() })),
            items: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), title: Type.String() })),
            cells: Type.Array(
              Type.Object({ itemId: Type.String({ format: 'uuid' }), communeId: Type.String({ format: 'uuid' }), onTime: Type.Integer(), late: Type.Integer(), missed: Type.Integer(), pending: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireUser(request);
      return readComplianceMatrix(db, request.actor, request.params.unitId, periodFromQuery(request.query));
    },
  );
};
