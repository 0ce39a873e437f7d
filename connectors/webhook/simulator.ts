import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A local agency portal receiving Loa's webhooks, for tests and the demo. It verifies every
 * signature with the `standardwebhooks` package (the reference implementation, not our own
 * signing code), dedupes on webhook-id as the spec asks consumers to, keeps what it stored,
 * answers marker lookups (`GET /lookup?marker=…`), and injects faults on request.
 */
export interface ReceivedRequest {
  webhookId: string;
  type: string;
  marker: string | null;
  receivedAt: Date;
}

export interface PortalPost {
  id: string;
  webhookId: string;
  marker: string | null;
  title: string | null;
  data: Record<string, unknown>;
  receivedAt: Date;
  unpublishedAt: Date | null;
}

export type WebhookFault =
  /**
   * Answer with this status (and Retry-After); nothing is stored unless `stored`, which
   * keeps the event first (a proxy's 503 in front of a portal that had already saved it).
   */
  | { status: number; retryAfter?: string; stored?: true }
  /** Store the event, then cut the connection without answering. */
  | { kind: 'accept_then_reset' }
  /** Cut the connection before reading the request: nothing stored. */
  | { kind: 'reset_before_read' }
  /** Store the event, answer only on `release()`. */
  | { kind: 'hold_after_store' }
  /** Read the request and wait; store and answer on `release()`, drop it if the sender goes away first. */
  | { kind: 'hold_before_store' }
  /**
   * A slow host: hold the request; once the sender has gone away, store it anyway on
   * `release()` (the first request still takes effect after the client gave up).
   */
  | { kind: 'store_after_sender_gone' };

export interface WebhookSimulator {
  url: string;
  lookupUrl: string;
  secret: string;
  /** Every signed POST that arrived, duplicates and faulted ones included. */
  requests: ReceivedRequest[];
  /** What the portal holds: one per webhook-id. */
  posts: PortalPost[];
  rejectedSignatures: number;
  failNext(...faults: WebhookFault[]): void;
  /** Holds the next `n` marker lookups until `release()` (a slow portal while Loa reconciles). */
  holdLookups(n: number): void;
  /** Marker lookups received. */
  lookups: number;
  /** Lets held requests proceed. */
  release(): void;
  /** Resolves once `n` POSTs have arrived in total. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startWebhookSimulator(options: { secret?: string; port?: number; host?: string } = {}): Promise<WebhookSimulator> {
  const secret = options.secret ?? `whsec_${randomBytes(32).toString('base64')}`;
  const verifier = new Webhook(secret);
  const faults: WebhookFault[] = [];
  let lookupsToHold = 0;
  const held = new Set<() => void>();
  const waiters = new Set<() => void>();
  const byWebhookId = new Map<string, PortalPost>();
  let base = '';

  const sim: WebhookSimulator = {
    url: '',
    lookupUrl: '',
    secret,
    requests: [],
    posts: [],
    rejectedSignatures: 0,
    failNext: (...f) => void faults.push(...f),
    holdLookups: (n) => void (lookupsToHold += n),
    lookups: 0,
    release() {
      for (const go of [...held]) go();
      held.clear();
    },
    waitForRequests(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sim.requests.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`webhook simulator: ${sim.requests.length} of ${n} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      sim.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function store(webhookId: string, event: Record<string, unknown>): PortalPost {
    const existing = byWebhookId.get(webhookId);
    if (existing) return existing;
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.type === 'post.unpublished') {
      const target = sim.posts.find((p) => p.marker === data.marker && !p.unpublishedAt);
      if (target) target.unpublishedAt = new Date();
    }
    // A correction edits the post it names (by the portal's id, else the marker); it adds none.
    if (event.type === 'post.updated') {
      const target = sim.posts.find((p) => (p.id === data.externalId || p.marker === data.marker) && !p.unpublishedAt);
      if (target) {
        Object.assign(target, { title: typeof data.title === 'string' ? data.title : null, data });
        byWebhookId.set(webhookId, target);
        return target;
      }
    }
    const post: PortalPost = {
      id: `portal-${byWebhookId.size + 1}`,
      webhookId,
      marker: typeof data.marker === 'string' ? data.marker : null,
      title: typeof data.title === 'string' ? data.title : null,
      data,
      receivedAt: new Date(),
      unpublishedAt: null,
    };
    byWebhookId.set(webhookId, post);
    if (event.type === 'post.published') sim.posts.push(post);
    return post;
  }

  const ack = (res: ServerResponse, post: PortalPost) => json(res, 200, { id: post.id, url: `${base}/posts/${post.id}` });

  async function onPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fault = faults.shift();
    if (fault && 'kind' in fault && fault.kind === 'reset_before_read') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    let event: Record<string, unknown>;
    try {
      event = verifier.verify(body, headersOf(req)) as Record<string, unknown>;
    } catch {
      sim.rejectedSignatures++;
      return json(res, 401, { error: 'invalid_signature' });
    }
    const webhookId = String(req.headers['webhook-id']);
    const data = (event.data ?? {}) as Record<string, unknown>;
    sim.requests.push({ webhookId, type: String(event.type), marker: typeof data.marker === 'string' ? data.marker : null, receivedAt: new Date() });
    for (const w of [...waiters]) w();
    if (!fault) return ack(res, store(webhookId, event));
    if ('status' in fault) {
      if (fault.stored) store(webhookId, event);
      if (fault.retryAfter) res.setHeader('retry-after', fault.retryAfter);
      return json(res, fault.status, { error: `simulated ${fault.status}` });
    }
    if (fault.kind === 'accept_then_reset') {
      store(webhookId, event);
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'hold_after_store') store(webhookId, event);
    const gone = await holdUntilReleased(res);
    if (!gone) ack(res, store(webhookId, event));
    else if (fault.kind === 'store_after_sender_gone') held.add(() => store(webhookId, event));
  }

  /** Resolves true when the sender went away first, false on release. */
  function holdUntilReleased(res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const go = () => resolve(false);
      held.add(go);
      res.once('close', () => {
        if (held.delete(go)) resolve(true);
      });
    });
  }

  async function onLookup(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    sim.lookups++;
    if (lookupsToHold > 0) {
      lookupsToHold--;
      if (await holdUntilReleased(res)) return;
    }
    try {
      verifier.verify('', headersOf(req));
    } catch {
      sim.rejectedSignatures++;
      return json(res, 401, { error: 'invalid_signature' });
    }
    const marker = url.searchParams.get('marker');
    const post = sim.posts.find((p) => p.marker === marker);
    if (!post) return json(res, 404, { error: 'not_found' });
    ack(res, post);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'POST' && url.pathname === '/hooks') {
      onPost(req, res).catch(() => req.socket.destroy());
    } else if (req.method === 'GET' && url.pathname === '/lookup') {
      onLookup(req, res, url).catch(() => req.socket.destroy());
    } else {
      json(res, 404, { error: 'no_route' });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  sim.url = `${base}/hooks`;
  sim.lookupUrl = `${base}/lookup`;
  return sim;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  return {
    'webhook-id': String(req.headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
