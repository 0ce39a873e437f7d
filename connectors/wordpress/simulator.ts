import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createSimTimers, faultHits, listenLocal, takeFault } from '../simulator-kit.ts';
import { createSimRoutes, wpError, type SimAnswer } from './simulator-routes.ts';
import { createSimState, type SimRequest, type SimUser, type WordpressSimState } from './simulator-state.ts';

export type { SimComment, SimMedia, SimPost, SimRequest, SimTerm, SimUser, WordpressSimState } from './simulator-state.ts';

/**
 * A fault for the next request matching `method` (any when unset) and `route` (e.g.
 * `/wp/v2/posts`, whichever URL style the request used). Consumed once.
 * - `status`: answer this status with a WordPress error body (`code`, `message`) or, with
 *   `html`, an HTML page as a WAF or proxy would; `headers` adds e.g. Retry-After.
 * - `reset-after`: handle the request (the post IS created), then destroy the socket unanswered.
 * - `reset-before`: destroy the socket before doing anything (nothing is created).
 * - `delay`: handle the request, then hold the answer back `ms` (outlasting a client timeout).
 * - `slow-accept`: read the request, wait `ms`, then handle it even if the client has gone (a
 *   database lock: WordPress inserts the post after the client gave up; platform-apis.md §4.1).
 */
export type FaultSpec = { route: string | RegExp; method?: string } & (
  | { status: number; code?: string; message?: string; headers?: Record<string, string>; html?: string }
  | { action: 'reset-after' | 'reset-before' }
  | { action: 'delay' | 'slow-accept'; ms: number }
);

export interface WordpressSimulatorOptions {
  /** The site's main account (an Editor unless `role` says otherwise). */
  username: string;
  applicationPassword: string;
  role?: SimUser['role'];
  /** More accounts, e.g. an Author; several may share a username with different passwords. */
  users?: SimUser[];
  port?: number;
  /** The site's clock (WP-cron, future posts); the chaos run sets it. (Default: the machine's) */
  now?: () => Date;
  /** false = a site on plain permalinks: `/wp-json/…` is the theme's HTML 404 and only `?rest_route=` works. (Default: true) */
  prettyPermalinks?: boolean;
}

export interface WordpressSimulator {
  baseUrl: string;
  state: WordpressSimState;
  failNext(spec: FaultSpec): void;
  /** Deletes an Application Password in WordPress: requests with it are then anonymous. */
  revokeApplicationPassword(applicationPassword: string): void;
  close(): Promise<void>;
}

const NOT_FOUND_PAGE = '<!doctype html><html lang="vi"><head><title>Không tìm thấy trang</title></head><body><h1>404</h1></body></html>';

function send(res: ServerResponse, a: SimAnswer): void {
  const html = typeof a.body === 'string';
  res.writeHead(a.status, {
    'content-type': html ? 'text/html; charset=UTF-8' : 'application/json; charset=UTF-8',
    ...a.headers,
  });
  res.end(html ? a.body : JSON.stringify(a.body));
}

/** A local fake of a WordPress site's REST API (platform-apis.md §4, §8) for tests and the demo. */
export async function startWordpressSimulator(opts: WordpressSimulatorOptions): Promise<WordpressSimulator> {
  const state = createSimState();
  const handle = createSimRoutes(state, opts.now ?? (() => new Date()));
  const faults: FaultSpec[] = [];
  const timers = createSimTimers();
  const { hold } = timers;
  const pretty = opts.prettyPermalinks ?? true;
  const compact = (password: string) => password.replace(/[^a-z\d]/gi, '');
  let users: SimUser[] = [{ username: opts.username, applicationPassword: opts.applicationPassword, role: opts.role ?? 'editor' }, ...(opts.users ?? [])];
  let siteUrl = '';

  /**
   * The account the request authenticates as, or null for anonymous. Measured on WordPress
   * 6.1.9 (platform-apis.md §4.1): a wrong, revoked or missing Application Password does not
   * fail the request up front; it is served as anonymous, and each route then refuses what
   * an anonymous visitor may not do.
   */
  function authenticate(header: string | undefined): SimUser | null {
    const encoded = header ? /^Basic\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!encoded) return null;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const [name, password] = [decoded.slice(0, colon), compact(decoded.slice(colon + 1))];
    return users.find((u) => u.username === name && compact(u.applicationPassword) === password) ?? null;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', siteUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const restRoute = url.searchParams.get('rest_route');
    let route: string;
    let style: SimRequest['style'];
    if (pretty && /^\/wp-json(\/|$)/.test(url.pathname)) {
      route = url.pathname.slice('/wp-json'.length) || '/';
      style = 'wp-json';
    } else if (url.pathname === '/' && restRoute !== null) {
      route = restRoute;
      style = 'rest_route';
      url.searchParams.delete('rest_route');
    } else {
      req.resume();
      send(res, { status: 404, body: NOT_FOUND_PAGE });
      state.requests.push({ method, route: url.pathname, style: 'page', outcome: 404, at: new Date() });
      return;
    }
    const record = (outcome: SimRequest['outcome']) => state.requests.push({ method, route, style, outcome, at: new Date() });
    const fault = takeFault(faults, (f) => faultHits(f, method, route));
    if (fault && 'action' in fault && fault.action === 'reset-before') {
      req.socket.destroy();
      record('reset');
      return;
    }
    if (fault && 'status' in fault) {
      req.resume();
      const answer = fault.html !== undefined ? { status: fault.status, body: fault.html } : wpError(fault.status, fault.code ?? 'sim_fault', fault.message ?? 'Injected fault.');
      send(res, { ...answer, headers: fault.headers });
      record(fault.status);
      return;
    }
    let body: IncomingMessage = req;
    if (fault && 'action' in fault && fault.action === 'slow-accept') {
      // The request is read in full first (the client may close its socket while we wait).
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      await hold(fault.ms);
      body = Object.assign(Readable.from([Buffer.concat(chunks)]), { headers: req.headers }) as unknown as IncomingMessage;
    }
    const answer = await handle({
      method,
      route,
      query: url.searchParams,
      req: body,
      user: authenticate(req.headers.authorization),
      siteUrl,
      pretty,
      restUrl: (r) => (pretty ? `${siteUrl}/wp-json${r}` : `${siteUrl}/?rest_route=${r}`),
    });
    // Whatever the route did not read is drained, so the socket stays usable.
    req.resume();
    if (fault && 'action' in fault && fault.action === 'reset-after') {
      req.socket.destroy();
      record('reset');
      return;
    }
    if (fault && 'action' in fault && fault.action === 'delay') await hold(fault.ms);
    if (res.destroyed) {
      record('reset');
      return;
    }
    send(res, answer);
    record(answer.status);
  }

  const server = await listenLocal(serve, opts.port);
  siteUrl = server.baseUrl;

  return {
    baseUrl: siteUrl,
    state,
    failNext(spec) {
      faults.push(spec);
    },
    revokeApplicationPassword(applicationPassword) {
      users = users.filter((u) => compact(u.applicationPassword) !== compact(applicationPassword));
    },
    async close() {
      timers.clear();
      await server.close();
    },
  };
}
