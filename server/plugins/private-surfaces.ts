import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requireGrantRoots } from '../../core/org/access.ts';
import type { AppDeps } from '../deps.ts';
import { requireUser } from './auth.ts';

/** API and documentation answers: never sniffed into HTML, never kept by a shared cache or the browser. */
const API_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } as const;

/** The web app's sign-in page; its `next` brings the browser back. */
const SIGN_IN_PAGE = '/app/dang-nhap';

const isApiOrDocs = (url: string) => url.startsWith('/api/') || url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?');

/**
 * Headers on every API and /docs answer (errors included), and the gates of the two
 * surfaces an outsider could map Loa by: the OpenAPI document and Prometheus metrics.
 * Both are private unless `LOA_PUBLIC_DOCS` / `LOA_PUBLIC_METRICS` say otherwise.
 */
export const privateSurfacesPlugin = fp(
  async (app: FastifyInstance) => {
    // A callback hook, not an async one: it runs on every answer and never waits.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (isApiOrDocs(request.url)) reply.headers(API_HEADERS);
      done(null, payload);
    });
  },
  { name: 'loa-private-surfaces' },
);

/**
 * onRequest hook for /docs (the Swagger UI and /docs/json): any signed-in user, unless public.
 * A browser opening the documentation page signed out goes to the sign-in page and comes
 * back, instead of reading a JSON refusal; programs (and the page's own fetches) get the 401.
 */
export function docsGate(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (deps.config.publicDocs || request.user) return;
    const page = request.method === 'GET' && /^\/docs\/?(\?.*)?$/.test(request.url) && (request.headers.accept ?? '').includes('text/html');
    if (page) return reply.redirect(`${SIGN_IN_PAGE}?next=${encodeURIComponent('/docs')}`, 303);
    requireUser(request);
  };
}

/** /metrics: admins (`system.manage`), by session or API token, unless public. */
export async function assertMayReadMetrics(deps: AppDeps, request: FastifyRequest): Promise<void> {
  if (deps.config.publicMetrics) return;
  requireUser(request);
  await requireGrantRoots(deps.db, request.actor, 'system.manage');
}
