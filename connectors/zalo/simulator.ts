import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { createSimTimers, dropConnection, listenLocal, takeFault } from '../simulator-kit.ts';
import { createSimOauth, type OauthAnswer } from './simulator-oauth.ts';
import { createOpenApiRoutes, SIM_ERRORS, type RouteInput, type SimRules } from './simulator-routes.ts';
import { createSimState, fail, type SimAnswer, type ZaloSimState } from './simulator-state.ts';

export type { ZaloSimState, SimArticle, SimBroadcast, SimGroupMessage, SimTokenRequest } from './simulator-state.ts';
export { SIM_ERRORS } from './simulator-routes.ts';
export { OAUTH_ERRORS } from './simulator-oauth.ts';

/**
 * A fault for the next request to `path` (e.g. `/v2.0/article/create`, `/v4/oa/access_token`),
 * after letting `after` matching requests through (Default: 0). Consumed once.
 * - `error`: answer HTTP 200 with this Zalo error number.
 * - `reset-before`: destroy the socket before doing anything (nothing happens).
 * - `reset-after`: handle the request (tokens rotate, the article IS created …), then destroy the socket unanswered.
 * - `accept-then-timeout`: handle the request, then hold the answer `ms` (past the client's timeout).
 * - `http-500`: handle the request, then answer HTTP 500 with an HTML page.
 * - `http-503`: answer HTTP 503 (an overloaded front end) without handling the request: nothing happens.
 */
export type ZaloFault = { path: string; after?: number } & (
  | { error: number; message?: string }
  | { action: 'reset-before' | 'reset-after' | 'http-500' | 'http-503' }
  | { action: 'accept-then-timeout'; ms: number }
);

export interface ZaloSimulatorOptions {
  /** Time as Zalo sees it: token expiry, moderation, windows, quotas. (Default: the system clock) */
  clock?: Clock;
  appId?: string;
  appSecret?: string;
  oaId?: string;
  /** (Default: 90000 s, Zalo's 25 h) */
  accessTokenTtlS?: number;
  /** Time between article create and a successful verify. (Default: 0) */
  moderationDelayMs?: number;
  /** Zalo-side broadcast rules. (Default: 06:00–20:00, no daily or monthly cap) */
  rules?: Partial<Omit<SimRules, 'moderationDelayMs'>>;
  /** Requests per clock minute before -32. (Default: 4000) */
  rateLimitPerMinute?: number;
  /** HTTP status of a refused token request; the reference (§3.2) gives only the body. (Default: 200) */
  oauthRefusalStatus?: number;
  port?: number;
}

export interface ZaloSimulator {
  /** `http://127.0.0.1:PORT`: both the channel's oauthBaseUrl and openApiBaseUrl. */
  baseUrl: string;
  state: ZaloSimState;
  clock: Clock;
  /** A token pair issued now, as if the OA had been connected before. */
  mintTokens(): { accessToken: string; refreshToken: string; expiresAt: Date };
  /** Refresh requests received (grant_type=refresh_token), whatever their outcome. */
  refreshCalls(): number;
  failNext(fault: ZaloFault): void;
  /** Token requests are answered only once the returned function is called (a race held open as long as a test needs). */
  holdTokens(): () => void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads the `file` part of a multipart body (through the platform's own multipart parser). */
async function fileOf(raw: Buffer, contentType: string): Promise<RouteInput['upload']> {
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file');
    if (!file || typeof file === 'string') return null;
    return { bytes: file.size, mimeType: file.type, fileName: file.name };
  } catch {
    return null;
  }
}

/** A local fake of Zalo's OAuth v4 and OA Open API (platform-apis.md §3, §8), driven by the real client. */
export async function startZaloSimulator(opts: ZaloSimulatorOptions = {}): Promise<ZaloSimulator> {
  const clock = opts.clock ?? systemClock;
  const state = createSimState({ appId: opts.appId ?? '4318001122334455667', appSecret: opts.appSecret ?? 'sim-zalo-app-secret', oaId: opts.oaId ?? '2813091073440910336' });
  const oauth = createSimOauth(state, clock, { accessTokenTtlS: opts.accessTokenTtlS ?? 90_000, refreshTokenTtlDays: 90, codeTtlS: 600, refusalStatus: opts.oauthRefusalStatus ?? 200 });
  const rules: SimRules = {
    sendWindow: opts.rules?.sendWindow === undefined ? { from: '06:00', to: '20:00' } : opts.rules.sendWindow,
    broadcastsPerDay: opts.rules?.broadcastsPerDay ?? null,
    broadcastsPerMonth: opts.rules?.broadcastsPerMonth ?? null,
    maxUploadBytes: opts.rules?.maxUploadBytes ?? 1024 * 1024,
    moderationDelayMs: opts.moderationDelayMs ?? 0,
  };
  const routes = createOpenApiRoutes(state, rules);
  const limit = opts.rateLimitPerMinute ?? 4000;
  let tokenGate: Promise<void> | null = null;
  const faults: ZaloFault[] = [];
  const timers = createSimTimers();
  const { hold } = timers;
  const perMinute = new Map<number, number>();
  let baseUrl = '';

  function openApi(input: Omit<RouteInput, 'token'>, token: string | undefined): SimAnswer {
    const at = token ? state.accessTokens.get(token) : undefined;
    if (!token || !at) return fail(SIM_ERRORS.tokenInvalid, 'Access token is invalid');
    if (at.expiresAt.getTime() <= input.now.getTime()) return fail(SIM_ERRORS.tokenExpired, 'Access token has expired');
    return routes({ ...input, token }) ?? fail(-404, `Unknown API ${input.method} ${input.path}`);
  }

  async function answer(req: IncomingMessage, url: URL, method: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const raw = (await readBody(req, 20 * 1024 * 1024)) ?? Buffer.alloc(0);
    const contentType = req.headers['content-type'] ?? '';
    if (url.pathname === '/v4/oa/permission' || url.pathname === '/v4/oa/access_token') {
      const secret = typeof req.headers.secret_key === 'string' ? req.headers.secret_key : undefined;
      const a: OauthAnswer =
        url.pathname === '/v4/oa/permission'
          ? oauth.permission(url.searchParams, /text\/html/.test(req.headers.accept ?? ''))
          : oauth.token(new URLSearchParams(raw.toString('utf8')), secret);
      if (url.pathname === '/v4/oa/access_token' && tokenGate) await tokenGate;
      if ('location' in a) return { status: 302, headers: { location: a.location }, body: '' };
      if ('html' in a) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: a.html };
      return { status: a.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(a.body) };
    }
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const used = (perMinute.get(minute) ?? 0) + 1;
    perMinute.set(minute, used);
    const rateHeaders = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remain': String(Math.max(0, limit - used)) };
    let result: SimAnswer;
    if (used > limit) {
      result = fail(SIM_ERRORS.rateLimited, 'Request rate exceeded, try again next minute');
    } else {
      let json: Record<string, unknown> = {};
      if (contentType.includes('application/json')) {
        try {
          json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          json = {};
        }
      }
      const upload = contentType.startsWith('multipart/form-data') ? await fileOf(raw, contentType) : null;
      const token = typeof req.headers.access_token === 'string' ? req.headers.access_token : undefined;
      result = openApi({ method, path: url.pathname, query: url.searchParams, json, upload, now }, token);
    }
    return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8', ...rateHeaders }, body: JSON.stringify(result) };
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const log = { method, path: url.pathname, at: clock.now() };
    // Zalo's own time, as a real server's `Date` header gives it (create_date is read against it).
    res.setHeader('date', log.at.toUTCString());
    const fault = takeFault(faults, (f) => f.path === url.pathname);
    if (fault && 'action' in fault && fault.action === 'reset-before') {
      dropConnection(req, res);
      state.requests.push({ ...log, outcome: 'reset' });
      return;
    }
    if (fault && 'action' in fault && fault.action === 'http-503') {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '30' });
      res.end('<html><body>503 Service Temporarily Unavailable</body></html>');
      state.requests.push({ ...log, outcome: -503 });
      return;
    }
    if (fault && 'error' in fault) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(fail(fault.error, fault.message ?? `Simulated error ${fault.error}`)));
      state.requests.push({ ...log, outcome: fault.error });
      return;
    }
    const a = await answer(req, url, method);
    if (fault && 'action' in fault && fault.action === 'reset-after') {
      dropConnection(req, res);
      state.requests.push({ ...log, outcome: 'reset' });
      return;
    }
    if (fault && 'action' in fault && fault.action === 'accept-then-timeout') await hold(fault.ms);
    if (res.destroyed) {
      state.requests.push({ ...log, outcome: 'reset' });
      return;
    }
    if (fault && 'action' in fault && fault.action === 'http-500') {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body>500 Internal Server Error</body></html>');
      state.requests.push({ ...log, outcome: -500 });
      return;
    }
    res.writeHead(a.status, a.headers);
    res.end(a.body);
    const parsed = a.body ? (JSON.parse(a.body) as { error?: unknown }) : {};
    state.requests.push({ ...log, outcome: typeof parsed.error === 'number' ? parsed.error : 0 });
  }

  const server = await listenLocal(serve, opts.port);
  baseUrl = server.baseUrl;

  return {
    baseUrl,
    state,
    clock,
    mintTokens: () => oauth.mint(clock.now()),
    refreshCalls: () => state.tokenRequests.filter((r) => r.grantType === 'refresh_token').length,
    failNext: (fault) => void faults.push(fault),
    holdTokens() {
      let open = () => {};
      tokenGate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        tokenGate = null;
        open();
      };
    },
    async close() {
      timers.clear();
      await server.close();
    },
  };
}
