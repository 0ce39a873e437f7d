import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, faultHits, listenLocal, takeFault } from '../simulator-kit.ts';
import { createSimAuth, type SimOAuthClient } from './simulator-auth.ts';
import { createSimConsent } from './simulator-consent.ts';
import { createMetadataRoutes } from './simulator-routes.ts';
import { advanceProcessing, apiError, createSimState, type SimAnswer, type SimSession, type SimVideo, type YoutubeSimState } from './simulator-state.ts';
import { createUploadRoutes, type UploadAnswer } from './simulator-uploads.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';

export type { SimRequest, SimSession, SimThumbnail, SimVideo, YoutubeSimState } from './simulator-state.ts';

/**
 * A fault for the next request matching `method` (any when unset) and `route` (the path, e.g.
 * `/upload/youtube/v3/videos`, `/youtube/v3/videos`, `/token`), after letting `after` matching
 * requests through (Default: 0). Consumed once.
 * - `status`: answer an API error envelope with `reason` (Default: backendError) and `headers`.
 * - `reset-before`: destroy the socket before doing anything (nothing happens).
 * - `reset-after`: handle the request (a final chunk DOES create the video), then destroy the
 *   socket unanswered: the lost final response.
 * `resetUploadAt(offset)` is not tied to a request: the data request that carries session byte
 * `offset` has its bytes taken up to there, then the connection is reset.
 */
export type FaultSpec = { route: string | RegExp; method?: string; after?: number } & (
  | { status: number; reason?: string; message?: string; domain?: string; headers?: Record<string, string> }
  | { action: 'reset-before' | 'reset-after' }
);

export interface YoutubeSimulatorOptions {
  port?: number;
  channelId?: string;
  /** Daily allowances (§2.6). (Default: 100 uploads, 10,000 units) */
  uploadsPerDay?: number;
  unitsPerDay?: number;
  /** Lifetime of issued access tokens. (Default: 3599 s) */
  accessTokenTtlSeconds?: number;
  /** How long a new upload answers `uploaded` before videos.list shows it `processed`, as real YouTube does (§2.5); 0: `processed` at once. (Default: 0 — the suites still expect `processed`) */
  processingMs?: number;
  /** A project without the compliance audit: every upload is locked private. (Default: false) */
  forcePrivate?: boolean;
  /** thumbnails.set size limit. (Default: 2 MiB) */
  thumbnailMaxBytes?: number;
  /** false: the Google account has no channel. (Default: true) */
  hasChannel?: boolean;
  /** Time as YouTube sees it: `publishedAt` of uploads, token expiry and its `Date` header. (Default: the system clock) */
  clock?: Clock;
}

export interface YoutubeSimulator {
  /** `http://127.0.0.1:PORT/` — the channel's apiBaseUrl. */
  apiBaseUrl: string;
  /** `http://127.0.0.1:PORT/token` — the channel's tokenUrl. */
  tokenUrl: string;
  /** `http://127.0.0.1:PORT/o/oauth2/v2/auth` — the channel's authUrl (the consent page). */
  authUrl: string;
  state: YoutubeSimState;
  /** The OAuth client and the owner's refresh token, as a connect flow would have stored them. */
  oauth: SimOAuthClient;
  /** Mints an access token valid for `ttlSeconds` (e.g. credentials stored by an earlier refresh). */
  issueAccessToken(ttlSeconds: number): { token: string; expiresAt: Date };
  /** Every access token issued, for checking that none reached a log. */
  issuedAccessTokens(): string[];
  revokeRefreshToken(): void;
  failNext(spec: FaultSpec): void;
  resetUploadAt(offset: number): void;
  /** The next data request to a session is answered 308 with its Range and `Retry-After: seconds`, storing none of its bytes (§2.2 step 3). */
  askRetryAfter(seconds: number): void;
  /** Forgets upload sessions (all, or those matching): later requests to them answer 404. */
  expireSessions(predicate?: (s: SimSession) => boolean): void;
  /** Adds a video as if uploaded earlier by someone else (other channel content for listings). */
  seedVideo(o: { title: string; description: string; uploadedAt: Date }): SimVideo;
  close(): Promise<void>;
}

function send(res: ServerResponse, a: SimAnswer): void {
  if (a.body === undefined) {
    res.writeHead(a.status, { 'content-length': '0', ...a.headers });
    res.end();
    return;
  }
  res.writeHead(a.status, { 'content-type': 'application/json; charset=UTF-8', ...a.headers });
  res.end(JSON.stringify(a.body));
}

/** A local fake of the YouTube Data API v3 and Google's token endpoint (platform-apis.md §2, §8). */
export async function startYoutubeSimulator(opts: YoutubeSimulatorOptions = {}): Promise<YoutubeSimulator> {
  const now = () => (opts.clock ?? systemClock).now();
  const state = createSimState({
    channelId: opts.channelId ?? 'UCx4Qw9cOnDuongHuongThien',
    channelTitle: 'Con đường hướng thiện',
    uploadsPerDay: opts.uploadsPerDay ?? 100,
    unitsPerDay: opts.unitsPerDay ?? 10_000,
    processingMs: opts.processingMs ?? 0,
  });
  const auth = createSimAuth(state, { accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3599, now });
  const faults: FaultSpec[] = [];
  const uploadResets: number[] = [];
  const retryAfters: number[] = [];
  let base = '';

  function spend(bucket: 'uploads' | 'units', cost: number): SimAnswer | null {
    const b = state.quota[bucket];
    if (b.used + cost > b.limit) {
      return apiError(
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        'youtube.quota',
      );
    }
    b.used += cost;
    return null;
  }

  const uploads = createUploadRoutes({
    state,
    baseUrl: () => base,
    now,
    forcePrivate: opts.forcePrivate ?? false,
    thumbnailMaxBytes: opts.thumbnailMaxBytes ?? 2 * 1024 * 1024,
    spend,
    retryAfter: () => retryAfters.shift() ?? null,
    resetPoint(from, to) {
      const i = uploadResets.findIndex((at) => at > from && at <= to);
      return i < 0 ? null : uploadResets.splice(i, 1)[0]!;
    },
  });
  const metadata = createMetadataRoutes({ state, spend, hasChannel: opts.hasChannel ?? true });
  const consent = createSimConsent(auth.client, { channelTitle: state.channelTitle, now, addCode: auth.addCode });

  async function route(method: string, path: string, query: URLSearchParams, req: IncomingMessage): Promise<UploadAnswer> {
    if (path === '/token' && method === 'POST') return auth.token(req);
    const uploadId = query.get('upload_id');
    // A session URI is the capability: its requests need no bearer token.
    if (path === '/upload/youtube/v3/videos' && method === 'PUT' && uploadId) return uploads.put(uploadId, req);
    const denied = auth.check(req.headers.authorization);
    if (denied) {
      req.resume();
      return denied;
    }
    if (path === '/upload/youtube/v3/videos' && method === 'POST') {
      const type = query.get('uploadType');
      if (type === 'resumable') return uploads.initiate(req);
      if (type === 'multipart') return uploads.multipart(req);
      req.resume();
      return apiError(400, 'invalidValue', `Invalid value for uploadType: ${type ?? ''}`, 'global');
    }
    if (path === '/upload/youtube/v3/thumbnails/set' && method === 'POST') return uploads.thumbnail(query.get('videoId'), req);
    if (path === '/youtube/v3/videos' && method === 'PUT') return metadata.updateVideo(query, req);
    req.resume();
    if (path === '/youtube/v3/videos' && method === 'GET') return metadata.listVideos(query);
    if (path === '/youtube/v3/videos' && method === 'DELETE') return metadata.deleteVideo(query);
    if (path === '/youtube/v3/channels' && method === 'GET') return metadata.listChannels(query);
    if (path === '/youtube/v3/playlistItems' && method === 'GET') return metadata.listPlaylistItems(query);
    return apiError(404, 'notFound', `Not Found: ${method} ${path}`, 'global');
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = (req.method ?? 'GET').toUpperCase();
    // YouTube's own time, as a real server's `Date` header gives it (`publishedAt` is read against it).
    res.setHeader('date', now().toUTCString());
    advanceProcessing(state, now());
    const record = (outcome: number | 'reset') =>
      state.requests.push({
        method,
        route: url.pathname,
        uploadType: url.searchParams.get('uploadType'),
        contentRange: typeof req.headers['content-range'] === 'string' ? req.headers['content-range'] : null,
        authorized: auth.check(req.headers.authorization) === null,
        outcome,
        at: now(),
      });
    if (url.pathname === '/o/oauth2/v2/auth' && method === 'GET') {
      // Google's consent page, on accounts.google.com in real life.
      const c = consent(url.searchParams);
      if (c.status === 302) res.writeHead(302, { location: c.location, 'content-length': '0' }).end();
      else res.writeHead(c.status, { 'content-type': 'text/html; charset=utf-8' }).end(c.html);
      record(c.status);
      return;
    }
    const fault = takeFault(faults, (f) => faultHits(f, method, url.pathname));
    if (fault && 'action' in fault && fault.action === 'reset-before') {
      record('reset');
      dropConnection(req, res);
      return;
    }
    if (fault && 'status' in fault) {
      req.resume();
      const answer = apiError(fault.status, fault.reason ?? 'backendError', fault.message ?? 'Injected fault.', fault.domain ?? 'global');
      send(res, { ...answer, headers: fault.headers });
      record(fault.status);
      return;
    }
    const answer = await route(method, url.pathname, url.searchParams, req);
    if (answer === 'reset' || (fault && 'action' in fault && fault.action === 'reset-after') || res.destroyed) {
      record('reset');
      dropConnection(req, res);
      return;
    }
    send(res, answer);
    record(answer.status);
  }

  const server = await listenLocal(serve, opts.port);
  base = server.baseUrl;

  return {
    apiBaseUrl: `${base}/`,
    tokenUrl: `${base}/token`,
    authUrl: `${base}/o/oauth2/v2/auth`,
    state,
    oauth: auth.client,
    issueAccessToken: (ttl) => auth.issue(ttl),
    issuedAccessTokens: () => auth.issued(),
    revokeRefreshToken: () => auth.revoke(),
    failNext(spec) {
      faults.push({ ...spec });
    },
    resetUploadAt(offset) {
      uploadResets.push(offset);
    },
    askRetryAfter(seconds) {
      retryAfters.push(seconds);
    },
    expireSessions(predicate) {
      uploads.expire(predicate);
    },
    seedVideo(o) {
      const video: SimVideo = {
        id: `seed${state.videos.length.toString().padStart(7, '0')}`,
        snippet: { title: o.title, description: o.description, tags: [], categoryId: '22', channelId: state.channelId, publishedAt: o.uploadedAt.toISOString() },
        status: { privacyStatus: 'public', embeddable: true, license: 'youtube', publicStatsViewable: true, uploadStatus: 'processed' },
        processesAt: null,
        statistics: { views: 0, likes: 0, comments: 0, favorites: 0 },
        sizeBytes: 0,
        sha256: '',
        via: 'seeded',
        uploadedAt: o.uploadedAt,
        deleted: false,
        thumbnail: null,
      };
      state.videos.push(video);
      return video;
    },
    async close() {
      await server.close();
    },
  };
}
