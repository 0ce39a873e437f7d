import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPRESSIBLE, etagOf, gzipFor, isNotModified } from '../http/cache.ts';

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
