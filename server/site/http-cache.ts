import { createHash } from 'node:crypto';
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

/** `sendCached` with the body's ETag already known (a page kept in memory). */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, c: CachedBody, etag: string): FastifyReply {
  reply.headers(PUBLIC_HEADERS).header('cache-control', c.cacheControl).header('etag', etag);
  if (c.csp) reply.header('content-security-policy', c.csp);
  if (c.lastModified) reply.header('last-modified', c.lastModified.toUTCString());
  if ((c.status ?? 200) === 200 && isNotModified(request, etag, c.lastModified)) return reply.status(304).send();
  return reply
    .status(c.status ?? 200)
    .type(c.contentType)
    .send(c.body);
}
