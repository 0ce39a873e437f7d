import type { FastifyReply, FastifyRequest } from 'fastify';
import { phoneRendition, type Rendition } from '../../core/media/renditions.ts';
import type { PublicMedia } from '../../core/site/queries.ts';
import { parseRange } from '../../lib/http-range.ts';
import type { Storage } from '../../lib/storage.ts';
import { isNotModified } from '../http/cache.ts';
import { PUBLIC_HEADERS } from './http-cache.ts';

/**
 * Streams a public media file with Range support, so phones can seek in a video without
 * downloading it whole. The bytes are never held in memory.
 */
export async function sendMedia(request: FastifyRequest, reply: FastifyReply, storage: Storage, m: PublicMedia): Promise<FastifyReply> {
  const size = await storage.size(m.storageKey);
  if (size === null) return reply.status(404).headers(PUBLIC_HEADERS).type('text/plain; charset=utf-8').send('Không tìm thấy tệp');
  const etag = `"${m.sha256 ? m.sha256.slice(0, 32) : `${m.id}-${size}`}"`;
  reply
    .headers(PUBLIC_HEADERS)
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    // Short: a takedown must reach browsers and proxies soon.
    .header('cache-control', 'public, max-age=300')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(m.originalName)}`)
    .type(m.mimeType);
  if (isNotModified(request, etag, null)) return reply.status(304).send();

  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, size) : null;
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${size}`).send();
  }
  const span = range ?? { start: 0, end: size - 1 };
  reply.header('content-length', String(span.end - span.start + 1));
  if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
  if (request.method === 'HEAD' || size === 0) return reply.send();
  return reply.send(storage.read(m.storageKey, span));
}

/** Photos the site serves phone-sized (an animated GIF would lose its frames, so it goes as it is). */
export const RESIZABLE_IMAGES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A photo of a live article as a JPEG `small` (480 px), `medium` (800 px) or `large` (1280 px) wide, made once and kept
 * (core/media/renditions.ts): a reader on mobile data gets ~20–150 KB instead of the camera's megabytes.
 */
export async function sendMediaRendition(request: FastifyRequest, reply: FastifyReply, storage: Storage, m: PublicMedia, size: Rendition, maxImagePixels: number): Promise<FastifyReply> {
  const rendition = await phoneRendition(storage, m, size, maxImagePixels);
  const etag = `"${m.sha256 ? m.sha256.slice(0, 32) : m.id}-${size}"`;
  reply
    .headers(PUBLIC_HEADERS)
    .header('etag', etag)
    // Short: a takedown must reach browsers and proxies soon.
    .header('cache-control', 'public, max-age=300')
    .type('image/jpeg');
  if (isNotModified(request, etag, null)) return reply.status(304).send();
  reply.header('content-length', String(rendition.bytes));
  if (request.method === 'HEAD') return reply.send();
  return reply.send(storage.read(rendition.key));
}
