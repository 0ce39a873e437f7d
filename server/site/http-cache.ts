import { createHash } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Headers every public response carries: no script may run (the site needs none), media
 * only from this origin, forms (search, questions) only to this origin, no framing. No cookie is ever set on the public site.
 */
export const PUBLIC_HEADERS = {
  'content-security-policy':
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Conditional GET (RFC 9110 §13): If-None-Match wins over If-Modified-Since; both
 * compare against what we are about to send, so a 304 is never stale.
 */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: Date | null): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) {
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  }
  const ims = request.headers['if-modified-since'];
  if (ims && lastModified) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

export interface CachedBody {
  /** A Buffer when kept in memory: sent as is, not encoded again for each reader. */
  body: string | Buffer;
  contentType: string;
  lastModified: Date | null;
  cacheControl: string;
  status?: number;
  /** A page's own Content-Security-Policy instead of the site's (the video player page frames YouTube). */
  csp?: string;
}

/** Sends the body with validators, or 304 when the client's copy is current. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, c: CachedBody): FastifyReply {
  return sendTagged(request, reply, c, etagOf(c.body));
}

/** Text worth compressing: HTML, feeds, sitemap (images and the small favicon are not). */
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.-]+\+)?(?:xml|json))/;
const MIN_GZIP_BYTES = 1024;
/** The gzip of each page kept in memory, made once (a page's Buffer lives as long as its cache entry). */
const gzipped = new WeakMap<Buffer, Buffer>();

/** Whether the client takes gzip (RFC 9110 §12.5.3: listed, and not with q=0). */
export function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return (coding === 'gzip' || coding === '*') && !params.some((p) => /^\s*q=0(?:\.0*)?\s*$/.test(p));
  });
}

/**
 * A text body gzipped for a client that takes it: a page of 20 article summaries is 17 KB
 * of HTML and 4 KB gzipped, a third of a second less at 400 kbit/s. Null when the body goes as is.
 */
export function gzipFor(request: FastifyRequest, body: string | Buffer, contentType: string): Buffer | null {
  if (!COMPRESSIBLE.test(contentType) || Buffer.byteLength(body) < MIN_GZIP_BYTES || !acceptsGzip(request)) return null;
  if (typeof body === 'string') return gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  let gz = gzipped.get(body);
  if (!gz) gzipped.set(body, (gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION })));
  return gz;
}

/** Sends a page that is never cached (forms, errors): gzipped where the client takes it, as `sendTagged` does. */
export function sendUncached(reply: FastifyReply, contentType: string, body: string): FastifyReply {
  const gz = gzipFor(reply.request, body, contentType);
  return reply
    .type(contentType)
    .header('vary', 'accept-encoding')
    .headers(gz ? { 'content-encoding': 'gzip' } : {})
    .send(gz ?? body);
}

/** `sendCached` with the body's ETag already known (a page kept in memory). */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, c: CachedBody, identityEtag: string): FastifyReply {
  const gz = gzipFor(request, c.body, c.contentType);
  // The gzipped bytes are another representation: their own ETag (RFC 9110 §8.8.3), and caches keep both.
  const etag = gz ? `${identityEtag.slice(0, -1)}-gz"` : identityEtag;
  if (COMPRESSIBLE.test(c.contentType)) reply.header('vary', 'accept-encoding');
  reply.headers(PUBLIC_HEADERS).header('cache-control', c.cacheControl).header('etag', etag);
  if (c.csp) reply.header('content-security-policy', c.csp);
  if (c.lastModified) reply.header('last-modified', c.lastModified.toUTCString());
  if ((c.status ?? 200) === 200 && isNotModified(request, etag, c.lastModified)) return reply.status(304).send();
  return reply
    .status(c.status ?? 200)
    .type(c.contentType)
    .headers(gz ? { 'content-encoding': 'gzip' } : {})
    .send(gz ?? c.body);
}
