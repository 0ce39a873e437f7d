import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteMedia } from '../../../core/media/delete.ts';
import type { MediaDeps } from '../../../core/media/deps.ts';
import { getMedia, listMedia } from '../../../core/media/queries.ts';
import { mediaKinds } from '../../../db/schema/index.ts';
import { AppError } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { parseRange } from '../../../lib/http-range.ts';
import { IdParams, MediaUsageView, MediaView, toMediaView } from './schemas.ts';
import { mediaUsage, setAltText } from '../../../core/media/usage.ts';
import { uploadRoute } from './upload.ts';

/** The media library: single-request upload, listing, metadata, ranged download, delete. */
export const mediaRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const mediaDeps: MediaDeps = { db: deps.db, storage: deps.storage, limits: deps.config };
  await app.register(uploadRoute, mediaDeps);

  app.get(
    '/',
    {
      schema: {
        tags: ['media'],
        summary: 'Danh sách tệp của các đơn vị bạn được xem (mới nhất trước, phân trang) · Files of the units you may see (newest first, paginated)',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Only this unit and its subtree' })),
            kind: Type.Optional(Type.Union(mediaKinds.map((k) => Type.Literal(k)))),
            status: Type.Union([Type.Literal('ready'), Type.Literal('uploading')], { default: 'ready' }),
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the file name or alt text; accents and case ignored' })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(MediaView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const page = await listMedia(deps.db, request.actor, request.query);
      return { items: page.items.map(toMediaView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    { schema: { tags: ['media'], summary: 'Thông tin một tệp · One file\'s details', params: IdParams, response: { 200: MediaView } } },
    async (request) => {
      requireUser(request);
      return toMediaView(await getMedia(deps.db, request.actor, request.params.id));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'Sửa mô tả thay thế (alt) của tệp · Edit a file\'s alt text',
        params: IdParams,
        body: Type.Object({ altText: Type.String({ maxLength: 1000, description: 'Empty clears it' }) }, { additionalProperties: false }),
        response: { 200: MediaView },
      },
    },
    async (request) => {
      requireUser(request);
      return toMediaView(await deps.db.transaction((tx) => setAltText(tx, request.actor, request.params.id, request.body.altText)));
    },
  );

  app.get(
    '/:id/usage',
    {
      schema: {
        tags: ['media'],
        summary: 'Tệp được dùng trong bài nào, bản đồng ý nào đi kèm · Which items use a file, and which consent covers it',
        params: IdParams,
        response: { 200: MediaUsageView },
      },
    },
    async (request) => {
      requireUser(request);
      const u = await mediaUsage(deps.db, request.actor, request.params.id);
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      return { ...u, coveredBy: u.coveredBy.map((c) => ({ ...c, expiresAt: iso(c.expiresAt), withdrawnAt: iso(c.withdrawnAt) })) };
    },
  );

  app.get(
    '/:id/content',
    {
      schema: {
        tags: ['media'],
        summary: 'Nội dung tệp (hỗ trợ HTTP Range để tua video) · A file\'s content (HTTP Range supported, for video seeking)',
        params: IdParams,
        headers: Type.Object({ range: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      requireUser(request);
      const row = await getMedia(deps.db, request.actor, request.params.id);
      if (row.status !== 'ready') {
        throw new AppError('MEDIA_NOT_READY', 409, { vi: 'Tệp chưa tải lên xong', en: 'The file has not finished uploading' });
      }
      const size = row.sizeBytes;
      const range = parseRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${size}`);
        throw new AppError('RANGE_NOT_SATISFIABLE', 416, { vi: 'Khoảng byte yêu cầu nằm ngoài tệp', en: 'The requested range is outside the file' }, 'headers:/range');
      }
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', row.mimeType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        // Documents (PDF) download instead of opening inside Loa's origin; pictures and videos show inline.
        .header('content-disposition', `${row.kind === 'document' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(row.originalName)}`);
      if (row.sha256) reply.header('etag', `"${row.sha256}"`);
      if (!range) return reply.header('content-length', size).send(deps.storage.read(row.storageKey));
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(deps.storage.read(row.storageKey, range));
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'Xoá tệp (không được khi bài đã gửi duyệt đang dùng nó) · Delete a file (not while a submitted item uses it)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await deleteMedia(mediaDeps, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
