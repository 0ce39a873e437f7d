import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from '../simulator-kit.ts';
import { createLogCapture, createTestContext } from '../test-kit.ts';
import { createFacebookConnector } from './connector.ts';
import { makePost, refOf, rejection } from './test-kit.ts';

/**
 * The real connector against a minimal Graph fake that answers as the reference documents
 * (platform-apis.md §1), not as Loa's own simulator does: where the two differ, these tests
 * catch what the simulator would hide.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function graphFake(handler: Handler): Promise<string> {
  server = await listenLocal(async (req, res) => handler(req, res, new URL(req.url ?? '/', 'http://fake')));
  return server.baseUrl;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

function context(baseUrl: string) {
  const log = createLogCapture();
  return createTestContext({
    channel: { name: 'Fanpage Công an tỉnh', platform: 'facebook_page', settings: { pageId: '1001', appId: '2002', graphBaseUrl: baseUrl } },
    credentials: { pageAccessToken: 'page-token' },
    log: log.log,
  });
}

describe('Facebook connector against the reference (not the simulator)', () => {
  it('reconcile follows time-based paging (§1.6 since/until, a `next` link without cursors) to the post carrying the marker', async () => {
    const post = makePost();
    const now = Math.floor(Date.now() / 1000);
    const seen: string[] = [];
    const baseUrl = await graphFake((req, res, url) => {
      seen.push(`${req.method} ${url.pathname}${url.search}`);
      if (/\/1001\/posts$/.test(url.pathname)) {
        if (!url.searchParams.has('until')) {
          // A busy Page: a full page of newer posts, then the link to older ones.
          const data = Array.from({ length: 100 }, (_, i) => ({ id: `1001_${900 + i}`, message: `Tin khác ${i}`, created_time: new Date((now - i) * 1000).toISOString() }));
          const next = `${baseUrl}${url.pathname}?fields=${encodeURIComponent(url.searchParams.get('fields') ?? '')}&limit=100&until=${now - 100}&__paging_token=enc_older&access_token=page-token`;
          return json(res, 200, { data, paging: { previous: `${baseUrl}${url.pathname}?since=${now}&__paging_token=enc_newer`, next } });
        }
        expect(url.searchParams.get('__paging_token')).toBe('enc_older');
        expect(url.searchParams.has('access_token')).toBe(false);
        return json(res, 200, { data: [{ id: '1001_777', message: post.text, link: post.link, created_time: new Date((now - 101) * 1000).toISOString() }] });
      }
      if (/\/1001\/scheduled_posts$/.test(url.pathname)) return json(res, 200, { data: [] });
      json(res, 404, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100, fbtrace_id: 'x' } });
    });
    const { ctx } = context(baseUrl);
    const connector = createFacebookConnector({});
    const found = await connector.reconcile!(refOf(post, new Date(Date.now() - 10 * 60_000)), ctx);
    expect(found).toMatchObject({ kind: 'published', externalId: '1001_777' });
    expect(seen.filter((s) => s.includes('/1001/posts'))).toHaveLength(2);
  });

  it('a gateway 429 or 503 with Retry-After (seconds or an HTTP date) is tried again when asked, not after a fixed guess (RFC 9110 §10.2.3)', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 45 * 60_000);
    const answers: ((res: ServerResponse) => void)[] = [
      (res) => res.writeHead(429, { 'content-type': 'text/html', 'retry-after': '90' }).end('<html><body>Too Many Requests</body></html>'),
      (res) => res.writeHead(503, { 'content-type': 'text/html', 'retry-after': at.toUTCString() }).end('<html><body>Service Unavailable</body></html>'),
    ];
    const baseUrl = await graphFake((_req, res) => answers.shift()!(res));
    const { ctx } = context(baseUrl);
    const connector = createFacebookConnector({});
    const before = Date.now();
    const limited = await rejection(connector.publish(makePost(), ctx));
    expect(limited).toMatchObject({ kind: 'rate_limited', code: 'HTTP_429', sideEffectPossible: false });
    expect(limited.retryAt!.getTime() - before).toBeGreaterThanOrEqual(90_000);
    expect(limited.retryAt!.getTime() - before).toBeLessThan(15 * 60_000);
    const down = await rejection(connector.publish(makePost(), ctx));
    expect(down).toMatchObject({ kind: 'transient', code: 'HTTP_503', sideEffectPossible: true });
    expect(down.retryAt).toEqual(at);
  });
});
