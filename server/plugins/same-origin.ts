import type { FastifyRequest } from 'fastify';

/**
 * Whether a form post came from another site. `Sec-Fetch-Site` says so in current browsers;
 * without it (older browsers, some privacy settings) the `Origin`, then the `Referer`, must
 * name Loa itself: its public URL or the host the request was sent to. A request with none
 * of the three is no browser form post (a browser sends Origin on every cross-origin POST).
 */
export function isCrossSite(request: FastifyRequest, publicUrl: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const claimed = request.headers.origin ?? request.headers.referer;
  if (typeof claimed !== 'string') return false;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return true;
  }
  return origin !== new URL(publicUrl).origin && origin !== `${request.protocol}://${request.host}`;
}
