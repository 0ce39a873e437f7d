import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MediaDeps } from '../../../core/media/deps.ts';
import { emptyFile } from '../../../core/media/errors.ts';
import { uploadMedia } from '../../../core/media/upload.ts';
import { requireUser } from '../../plugins/auth.ts';
import { bodyStreamFailure } from './body-stream.ts';
import { MediaView, toMediaView } from './schemas.ts';

/**
 * `POST /api/v1/media`: the request body is the file itself, streamed to storage. Every
 * body parser is replaced in this scope by one that hands over the raw stream, so no
 * Content-Type (JSON included) gets the body buffered or parsed; the type comes from
 * the file's magic bytes.
 */
export const uploadRoute: FastifyPluginAsyncTypebox<MediaDeps> = async (app, deps) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/',
    {
      schema: {
        tags: ['media'],
        summary: 'Tải lên một tệp (ảnh, video, PDF) trong một yêu cầu: thân yêu cầu là nội dung tệp · Upload a file (photo, video, PDF) in one request: the request body is the file',
        description:
          'The raw request body is the file (any Content-Type; it is ignored). Its type is detected from the magic bytes; ' +
          'images are probed under the pixel limit. Larger than LOA_MAX_UPLOAD_BYTES → 413; big videos go through the ' +
          'resumable tus endpoint `/api/v1/uploads`.',
        querystring: Type.Object(
          {
            unitId: Type.String({ format: 'uuid', description: 'Unit that owns the file (needs media.upload on it)' }),
            filename: Type.String({ minLength: 1, maxLength: 255, description: 'Original file name, kept for display only' }),
            altText: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: MediaView },
      },
    },
    async (request, reply) => {
      try {
        requireUser(request);
        const body = request.body as Readable | undefined;
        if (!body) throw emptyFile();
        const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
        const row = await uploadMedia(deps, request.actor, {
          unitId: request.query.unitId,
          fileName: request.query.filename,
          altText: request.query.altText,
          body,
          declaredBytes: declared,
        });
        return reply.status(201).send(toMediaView(row));
      } catch (err) {
        throw bodyStreamFailure(request, reply, err);
      }
    },
  );
};
