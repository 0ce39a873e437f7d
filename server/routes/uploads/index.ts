import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { uploadExpiresAt } from '../../../core/media/deps.ts';
import { createResumableUploads } from '../../../core/media/resumable.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { bodyStreamFailure } from '../media/body-stream.ts';
import { IdParams } from '../media/schemas.ts';
import { parseUploadMetadata } from './metadata.ts';

const TUS_VERSION = '1.0.0';
const OFFSET_TYPE = 'application/offset+octet-stream';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tusHeaders = { 'tus-resumable': Type.Optional(Type.String()) };

/**
 * Resumable uploads for big videos: tus 1.0 core + creation + termination
 * (https://tus.io/protocols/resumable-upload). A phone whose connection drops asks HEAD
 * for the offset and PATCHes the rest; nothing is buffered whole. Upload-Metadata carries
 * `filename` and `unitId` (and optionally `altText`), base64 as tus requires.
 */
export const uploadRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const uploads = createResumableUploads({ db: deps.db, storage: deps.storage, limits: deps.config });
  const location = (id: string) => `/api/v1/uploads/${id}`;

  app.addContentTypeParser(OFFSET_TYPE, (_request, payload, done) => done(null, payload));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('tus-resumable', TUS_VERSION);
    if (request.method !== 'OPTIONS' && request.headers['tus-resumable'] !== TUS_VERSION) {
      reply.header('tus-version', TUS_VERSION);
      throw new AppError('TUS_VERSION_UNSUPPORTED', 412, {
        vi: `Cần tiêu đề Tus-Resumable: ${TUS_VERSION}`,
        en: `Tus-Resumable: ${TUS_VERSION} is required`,
      }, 'headers:/tus-resumable');
    }
  });

  app.options('/', { schema: { tags: ['uploads'], summary: 'Khả năng của máy chủ tus (phiên bản, cỡ tối đa, phần mở rộng) · The tus server\'s capabilities (version, maximum size, extensions)' } }, async (_request, reply) =>
    reply
      .status(204)
      .header('tus-version', TUS_VERSION)
      .header('tus-max-size', String(deps.config.maxResumableBytes))
      .header('tus-extension', 'creation,termination,expiration')
      .send(),
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Bắt đầu tải lên tiếp tục được (tus creation); trả về Location để PATCH · Start a resumable upload (tus creation); answers the Location to PATCH',
        headers: Type.Object({
          ...tusHeaders,
          'upload-length': Type.Integer({ minimum: 1, description: 'Total size in bytes (≤ LOA_MAX_RESUMABLE_BYTES)' }),
          'upload-metadata': Type.Optional(Type.String({ description: 'filename, unitId (required), altText; values base64' })),
        }),
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }), location: Type.String() }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const meta = parseUploadMetadata(request.headers['upload-metadata']);
      const unitId = meta.get('unitId') ?? '';
      const fileName = meta.get('filename') ?? '';
      if (!uuid.test(unitId)) {
        throw invalid('UPLOAD_METADATA_INVALID', 'headers:/upload-metadata/unitId', { vi: 'Upload-Metadata thiếu unitId hợp lệ', en: 'Upload-Metadata needs a valid unitId' });
      }
      if (fileName.length === 0 || fileName.length > 255) {
        throw invalid('UPLOAD_METADATA_INVALID', 'headers:/upload-metadata/filename', { vi: 'Upload-Metadata cần filename (1–255 ký tự)', en: 'Upload-Metadata needs a filename (1–255 characters)' });
      }
      const altText = meta.get('altText');
      const row = await uploads.create(request.actor, { unitId, fileName, altText: altText?.slice(0, 1000), length: request.headers['upload-length'] });
      withExpiry(reply, uploadExpiresAt(row, deps.config.uploadExpiryHours));
      return reply.status(201).header('location', location(row.id)).send({ id: row.id, location: location(row.id) });
    },
  );

  app.head(
    '/:id',
    { schema: { tags: ['uploads'], summary: 'Vị trí tiếp tục của một lượt tải (Upload-Offset)', params: IdParams } },
    async (request, reply) => {
      requireUser(request);
      const state = await uploads.offset(request.actor, request.params.id);
      withExpiry(reply, state.expiresAt);
      return reply
        .status(200)
        .header('upload-offset', String(state.offset))
        .header('upload-length', String(state.length))
        .header('cache-control', 'no-store')
        .send();
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Gửi tiếp các byte từ Upload-Offset (Content-Type: application/offset+octet-stream) · Send more bytes from Upload-Offset (Content-Type: application/offset+octet-stream)',
        params: IdParams,
        headers: Type.Object({ ...tusHeaders, 'upload-offset': Type.Integer({ minimum: 0 }) }),
      },
    },
    async (request, reply) => {
      try {
        requireUser(request);
        if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== OFFSET_TYPE) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { vi: `Cần Content-Type: ${OFFSET_TYPE}`, en: `Content-Type must be ${OFFSET_TYPE}` }, 'headers:/content-type');
        }
        const body = (request.body as Readable | undefined) ?? Readable.from([]);
        const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
        const state = await uploads.append(request.actor, request.params.id, request.headers['upload-offset'], body, declared);
        withExpiry(reply, state.expiresAt);
        return reply.status(204).header('upload-offset', String(state.offset)).send();
      } catch (err) {
        throw bodyStreamFailure(request, reply, err);
      }
    },
  );

  app.delete(
    '/:id',
    { schema: { tags: ['uploads'], summary: 'Huỷ một lượt tải chưa xong (tus termination) · Cancel an unfinished upload (tus termination)', params: IdParams } },
    async (request, reply) => {
      requireUser(request);
      await uploads.terminate(request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};

/** tus expiration: when an unfinished upload is removed if nothing more arrives (an HTTP date). */
function withExpiry(reply: FastifyReply, expiresAt: Date | null): void {
  if (expiresAt) reply.header('upload-expires', expiresAt.toUTCString());
}
