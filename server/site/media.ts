import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicMedia } from '../../core/site/queries.ts';
import type { Storage } from '../../lib/storage.ts';
import { isNotModified, PUBLIC_HEADERS } from './http-cache.ts';

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range of RFC 9110 §14.1.2, clamped to the file. Returns null when the
 * whole file should be sent (no header, another unit, several ranges, a malformed spec)
 * and 'unsatisfiable' when the range lies outside the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

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
