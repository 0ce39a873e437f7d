import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal, type LocalServer } from '../simulator-kit.ts';
import { createLogCapture, createTestContext } from '../test-kit.ts';
import { createYoutubeConnector } from './connector.ts';
import { fileMedia, makePost, randomFile, rejection } from './test-kit.ts';

/**
 * The real connector against a minimal YouTube fake that answers as the reference documents
 * (platform-apis.md §2) and as HTTP allows, not as Loa's own simulator does.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => void;

const { log } = createLogCapture();
let server: LocalServer | null = null;
let dir: string;
let clip: { path: string; size: number };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-ref-'));
  clip = await randomFile(path.join(dir, 'clip.mp4'), 64 * 1024 + 5);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = null;
});

async function youtubeFake(handler: Handler): Promise<string> {
  server = await listenLocal(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    // §2.8: the token endpoint.
    if (url.pathname === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'ya29.fake', expires_in: 3599, scope: 'https://www.googleapis.com/auth/youtube', token_type: 'Bearer' }));
      return;
    }
    handler(req, res, url, Buffer.concat(chunks));
  });
  return server.baseUrl;
}

function context(baseUrl: string) {
  return createTestContext({
    channel: { name: 'YouTube Công an tỉnh', platform: 'youtube_channel', settings: { apiBaseUrl: `${baseUrl}/`, tokenUrl: `${baseUrl}/token` } },
    credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: '1//refresh' },
    log,
  });
}

const ref = (externalId: string) => ({ deliveryId: 'd-1', externalId, url: null, publishedAt: new Date(Date.now() - 86_400_000) });

describe('YouTube connector against the reference (not the simulator)', () => {
  it('reads videos.list counters from a gzip answer: googleapis asks for gzip (§2.9 Accept-Encoding)', async () => {
    let asked = '';
    const baseUrl = await youtubeFake((req, res, url) => {
      asked = String(req.headers['accept-encoding'] ?? '');
      if (url.pathname !== '/youtube/v3/videos') return void res.writeHead(404).end();
      const body = {
        kind: 'youtube#videoListResponse',
        etag: 'e',
        items: [{ kind: 'youtube#video', id: 'vid123', statistics: { viewCount: '1234', likeCount: '56', favoriteCount: '0', commentCount: '7' } }],
        pageInfo: { totalResults: 1, resultsPerPage: 1 },
      };
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'gzip', vary: 'Accept-Encoding' }).end(zlib.gzipSync(JSON.stringify(body)));
    });
    const { ctx } = context(baseUrl);
    const samples = await createYoutubeConnector().collectMetrics!([ref('vid123')], ctx);
    expect(asked).toContain('gzip');
    expect(samples.map((s) => [s.metric, s.value])).toEqual([
      ['views', 1234],
      ['likes', 56],
      ['comments', 7],
    ]);
  });

  it('a 503 backendError with Retry-After is retried when YouTube asked, not sooner (§2.7 transient; RFC 9110 §10.2.3)', async () => {
    const baseUrl = await youtubeFake((_req, res) => {
      res
        .writeHead(503, { 'content-type': 'application/json; charset=UTF-8', 'retry-after': '120' })
        .end(JSON.stringify({ error: { code: 503, message: 'Backend Error', errors: [{ message: 'Backend Error', domain: 'global', reason: 'backendError' }] } }));
    });
    const { ctx } = context(baseUrl);
    const before = Date.now();
    const err = await rejection(createYoutubeConnector().publish(makePost([fileMedia(clip.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: clip.size })]), ctx));
    expect(err).toMatchObject({ kind: 'transient', code: 'YT_BACKEND_ERROR', sideEffectPossible: false });
    expect(err.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 120_000);
  });
});
