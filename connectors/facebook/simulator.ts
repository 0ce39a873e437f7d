import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { createSimTimers, dropConnection, faultHits, listenLocal, takeFault } from '../simulator-kit.ts';
import { createSimAuth, graphError, PAGE_SCOPES, tokenOf, type SimAnswer } from './simulator-auth.ts';
import { readParams } from './simulator-body.ts';
import { createSimLogin } from './simulator-login.ts';
import { createPageRoutes } from './simulator-routes.ts';
import { createSimState, type GraphSimState, type SimRequest, type SimToken } from './simulator-state.ts';
import { createUploadRoutes } from './simulator-uploads.ts';
import { createSimUsage } from './simulator-usage.ts';

export type { GraphSimState, SimPhoto, SimPost, SimRequest, SimToken, SimUploadSession, SimVideo } from './simulator-state.ts';

/**
 * A fault for the next request matching `method` (any when unset) and `route` (the path after
 * the version, e.g. `/123/feed`, `/upload:abc`), after letting `after` matching requests
 * through (Default: 0). Consumed once.
 * - `error`: answer a Graph error (`status` default 400) with `headers` (e.g. usage headers).
 * - `reset-before`: destroy the socket before doing anything (nothing happens).
 * - `reset-after`: handle the request (the post IS created), then destroy the socket unanswered.
 * - `accept-then-timeout`: handle the request, then hold the answer `ms` (past the client timeout).
 * - `accept-then-500`: handle the request, then answer 500 with Graph error 2.
 * `reset-upload-at` is not tied to a request: the upload request that carries session byte
 * `offset` has its bytes accepted up to there, then the connection is reset.
 */
export type FaultSpec =
  | ({ route: string | RegExp; method?: string; after?: number } & (
      | { error: { code: number; subcode?: number; status?: number; message?: string; type?: string; isTransient?: boolean; errorData?: unknown }; headers?: Record<string, string> }
      | { action: 'reset-before' | 'reset-after' | 'accept-then-500' }
      | { action: 'accept-then-timeout'; ms: number }
    ))
  | { action: 'reset-upload-at'; offset: number };

type RequestFault = Exclude<FaultSpec, { action: 'reset-upload-at' }>;

export interface GraphSimulatorOptions {
  pageId?: string;
  pageName?: string;
  appId?: string;
  appSecret?: string;
  /** Refuse calls without `appsecret_proof` (the app setting "Require App Secret"). (Default: false) */
  requireAppSecretProof?: boolean;
  /** Time as Graph sees it: `created_time`, token expiry, schedules and its `Date` header. (Default: the system clock) */
  clock?: Clock;
  port?: number;
}

export interface GraphSimulator {
  /** `http://127.0.0.1:PORT` — the channel's graphBaseUrl, and its dialogBaseUrl (the Login dialog at `/{v}/dialog/oauth`). */
  baseUrl: string;
  state: GraphSimState;
  /** Tokens issued at start: a Page token that never expires, a 2-hour user token, the app token. */
  tokens: { page: string; user: string; app: string };
  mintToken(spec: Omit<SimToken, 'valid' | 'invalidSubcode'>): string;
  failNext(spec: FaultSpec): void;
  /** Calls allowed per rolling window (hours) before Graph throttles (80001 / 4). (Default: 4800 in 1 hour) */
  setCallLimit(calls: number, windowHours?: number): void;
  close(): Promise<void>;
}

/** X-Business-Use-Case-Usage as Graph sends it when a Page is throttled (§1.9). */
export function businessUseCaseUsage(pageId: string, minutesToRegain: number): string {
  return JSON.stringify({ [pageId]: [{ type: 'pages', call_count: 100, total_cputime: 34, total_time: 41, estimated_time_to_regain_access: minutesToRegain }] });
}

function send(res: ServerResponse, a: SimAnswer): void {
  res.writeHead(a.status, { 'content-type': 'application/json; charset=UTF-8', 'x-fb-rev': '1', ...a.headers });
  res.end(JSON.stringify(a.body));
}

/** A local fake of the Graph API for Pages (platform-apis.md §1, §8), driven by the real client. */
export async function startGraphSimulator(opts: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const state = createSimState({ pageId: opts.pageId ?? '102030405060708', pageName: opts.pageName ?? 'Con đường hướng thiện', appId: opts.appId ?? '9988776655', userId: '5550001' });
  const clock = opts.clock ?? systemClock;
  const appSecret = opts.appSecret ?? 'sim-app-secret';
  const auth = createSimAuth(state, { appSecret, requireAppSecretProof: opts.requireAppSecretProof ?? false });
  const faults: RequestFault[] = [];
  const uploadResets: number[] = [];
  const timers = createSimTimers();
  const { hold } = timers;
  const pages = createPageRoutes(state);
  const login = createSimLogin(state, { appSecret, mint: auth.mint });
  const uploads = createUploadRoutes(state, (from, to) => {
    const i = uploadResets.findIndex((at) => at > from && at <= to);
    return i < 0 ? null : uploadResets.splice(i, 1)[0]!;
  });
  const usage = createSimUsage(() => clock.now());
  /** Every answer to an authenticated call says how much of the allowance is used (§1.9). */
  const metered = (who: SimToken, a: SimAnswer | 'reset'): SimAnswer | 'reset' => (a === 'reset' ? a : { ...a, headers: { ...usage.headers(who), ...a.headers } });
  let baseUrl = '';

  const tokens = {
    page: auth.mint({ type: 'PAGE', userId: state.userId, pageId: state.pageId, scopes: PAGE_SCOPES, expiresAt: null }),
    user: auth.mint({ type: 'USER', userId: state.userId, pageId: null, scopes: PAGE_SCOPES, expiresAt: new Date(clock.now().getTime() + 2 * 3600_000) }),
    app: auth.appToken,
  };

  async function answer(req: IncomingMessage, method: string, route: string, query: URLSearchParams, versionUrl: string, log: SimRequest): Promise<SimAnswer | 'reset'> {
    const now = log.at;
    if (route === '/oauth/access_token' && method === 'GET') return query.has('code') ? login.exchangeCode(query, now) : auth.exchange(new Map(query), now);
    const upload = /^\/upload:([A-Za-z0-9_-]+)$/.exec(route)?.[1];
    if (upload) {
      const { token, scheme } = tokenOf(req, new Map(), query);
      log.auth = scheme;
      if (scheme !== 'OAuth') {
        req.resume();
        return graphError(400, 190, 'Invalid OAuth access token - the upload API takes the token only in an "Authorization: OAuth" header');
      }
      const who = auth.authenticate(token, query.get('appsecret_proof'), now);
      if ('status' in who) {
        req.resume();
        return who;
      }
      const throttled = usage.admit(who);
      if (throttled) {
        req.resume();
        return throttled;
      }
      return metered(who, await (method === 'GET' ? uploads.status(upload, query.get('sig')) : uploads.append(upload, query.get('sig'), req)));
    }
    const params = await readParams(req, query);
    if (!params) return graphError(413, 100, '(#100) The request body is too large');
    const { token, scheme } = tokenOf(req, params.params, query);
    log.auth = scheme;
    if (route === '/debug_token' && method === 'GET') return auth.debug(params.params, token, now);
    const who = auth.authenticate(token, query.get('appsecret_proof'), now);
    if ('status' in who) return who;
    const throttled = usage.admit(who);
    if (throttled) return throttled;
    if (route === '/me/accounts' && method === 'GET') return metered(who, auth.accounts(who, token!));
    const segments = route.split('/').filter(Boolean);
    if (method === 'POST' && segments.length === 2 && segments[1] === 'uploads') return metered(who, uploads.open(segments[0]!, params.params, who));
    return metered(who, pages({ method, segments, query, params, token: who, now, versionUrl }));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const versioned = /^\/(v\d+\.\d+)(\/.*)$/.exec(url.pathname);
    const route = versioned ? versioned[2]! : url.pathname;
    const log: SimRequest = { method, route, version: versioned?.[1] ?? null, outcome: 0, auth: 'none', at: clock.now() };
    // Graph's own time, as a real server's `Date` header gives it (`created_time` is read against it).
    res.setHeader('date', log.at.toUTCString());
    if (typeof req.headers.file_offset === 'string') log.fileOffset = Number(req.headers.file_offset);
    const finish = (outcome: SimRequest['outcome']): void => {
      state.requests.push({ ...log, outcome });
    };
    if (route === '/dialog/oauth' && method === 'GET') {
      // The Login dialog is a page for the person's browser, on www.facebook.com in real life.
      const d = login.dialog(url.searchParams, log.at);
      if (d.status === 302) res.writeHead(302, { location: d.location, 'content-length': '0' }).end();
      else res.writeHead(d.status, { 'content-type': 'text/html; charset=utf-8' }).end(d.html);
      return finish(d.status);
    }
    const fault = takeFault(faults, (f) => faultHits(f, method, route));
    if (fault && 'action' in fault && fault.action === 'reset-before') {
      dropConnection(req, res);
      return finish('reset');
    }
    if (fault && 'error' in fault) {
      req.resume();
      const e = fault.error;
      const a = graphError(e.status ?? 400, e.code, e.message ?? `(#${e.code}) Simulated error`, { subcode: e.subcode, type: e.type, errorData: e.errorData, isTransient: e.isTransient });
      send(res, { ...a, headers: fault.headers });
      return finish(a.status);
    }
    const result = await answer(req, method, route, url.searchParams, `${baseUrl}${versioned ? `/${versioned[1]}` : ''}`, log);
    if (result === 'reset' || (fault && 'action' in fault && fault.action === 'reset-after')) {
      dropConnection(req, res);
      return finish('reset');
    }
    if (fault && 'action' in fault && fault.action === 'accept-then-timeout') await hold(fault.ms);
    if (res.destroyed) return finish('reset');
    const final = fault && 'action' in fault && fault.action === 'accept-then-500' ? graphError(500, 2, 'An unexpected error has occurred. Please retry your request later.', { isTransient: true }) : result;
    send(res, final);
    finish(final.status);
  }

  const server = await listenLocal(serve, opts.port);
  baseUrl = server.baseUrl;

  return {
    baseUrl,
    state,
    tokens,
    mintToken: (spec) => auth.mint(spec),
    setCallLimit: (calls, windowHours) => usage.setCallLimit(calls, windowHours),
    failNext(spec) {
      if ('offset' in spec) uploadResets.push(spec.offset);
      else faults.push(spec);
    },
    async close() {
      timers.clear();
      await server.close();
    },
  };
}
