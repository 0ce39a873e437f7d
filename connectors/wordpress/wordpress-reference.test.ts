import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { ConnectorError, type MediaRef } from '../contract.ts';
import { listenLocal, type LocalServer } from '../simulator-kit.ts';
import { createLogCapture, createTestContext, rejectionOf, samplePost } from '../test-kit.ts';
import { createWordpressConnector } from './connector.ts';

/**
 * The real connector against a minimal WordPress fake answering only what the reference
 * documents (platform-apis.md §4), with the faults a host adds, not as Loa's simulator does.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const { log } = createLogCapture();
let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function wordpressFake(create: Handler, term: unknown = { id: 11, name: 'x' }): Promise<string> {
  server = await listenLocal(async (req, res) => {
    for await (const _ of req) void _;
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
    // §4.2 lookups before the create: nothing carries the marker yet; terms are created on demand.
    if (req.method === 'GET' && /\/wp\/v2\/(posts|tags|categories)$/.test(url.pathname)) return send(200, []);
    if (req.method === 'POST' && /\/wp\/v2\/(tags|categories)$/.test(url.pathname)) return send(201, term);
    if (req.method === 'POST' && url.pathname === '/wp-json/wp/v2/posts') return create(req, res, url);
    // An upload answered 201 without the attachment `id` (§4.3 documents id, source_url, media_details).
    if (req.method === 'POST' && url.pathname === '/wp-json/wp/v2/media') return send(201, { source_url: 'http://fake/wp-content/uploads/anh.jpg', media_details: {} });
    send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
  });
  return server.baseUrl;
}

function context(baseUrl: string) {
  return createTestContext({
    channel: { name: 'Cổng thông tin Công an tỉnh', platform: 'wordpress', settings: { baseUrl } },
    credentials: { username: 'bientap', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' },
    log,
  });
}

describe('WordPress connector against the reference (not the simulator)', () => {
  it('a 201 to the create whose body is not a post (no id) is not recorded as published: the post may exist, reconcile looks (§4.2, §4.6)', async () => {
    for (const body of ['{}', '{"id":null,"status":"publish"}', '[]', '{"code":"ok","message":"Đã lưu"}']) {
      const baseUrl = await wordpressFake((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(body));
      const { ctx } = context(baseUrl);
      const err = await rejectionOf(createWordpressConnector().publish(samplePost({ text: '', body: 'Anh N. đã có việc làm ổn định.' }), ctx));
      expect(err, body).toBeInstanceOf(ConnectorError);
      expect(err, body).toMatchObject({ kind: 'transient', code: 'WP_ANSWER_UNEXPECTED', sideEffectPossible: true });
      expect((err as ConnectorError).messages.vi).toContain('WordPress trả lời thiếu trường "id"');
      await server?.close();
      server = null;
    }
  });

  it('a 201 scheduled post without date_gmt fails visibly with the post possibly made, instead of crashing inside the connector', async () => {
    const baseUrl = await wordpressFake((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42, status: 'future', link: 'http://fake/?p=42' })));
    const { ctx } = context(baseUrl);
    const err = await rejectionOf(createWordpressConnector().publish(samplePost({ text: '', body: 'Nội dung', publishAt: new Date(Date.now() + 86_400_000) }), ctx));
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'WP_ANSWER_UNEXPECTED', sideEffectPossible: true });
  });

  it('a 201 to the image upload without the attachment id (§4.3) stops before the post, instead of posting it without its image', async () => {
    let posts = 0;
    const baseUrl = await wordpressFake((_req, res) => {
      posts++;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42, status: 'publish', link: 'http://fake/?p=42' }));
    });
    const bytes = Buffer.from('ảnh jpeg giả');
    const media: MediaRef = { id: 'm-1', kind: 'image', mimeType: 'image/jpeg', fileName: 'anh.jpg', sizeBytes: bytes.length, altText: 'Ảnh', open: () => Readable.from([bytes]) };
    const { ctx } = context(baseUrl);
    const err = await rejectionOf(createWordpressConnector().publish(samplePost({ text: '', body: 'Nội dung', media: [media] }), ctx));
    expect(err).toMatchObject({ code: 'WP_ANSWER_UNEXPECTED', sideEffectPossible: false });
    expect(posts).toBe(0);
  });

  it('a term created with 201 but no id (§4.2) is an unexpected answer, not "the account may not create terms"', async () => {
    const baseUrl = await wordpressFake((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42, status: 'publish', link: 'http://fake/?p=42' })), {});
    const { ctx } = context(baseUrl);
    const err = await rejectionOf(createWordpressConnector().publish(samplePost({ text: '', body: 'Nội dung', hashtags: ['#TaiHoaNhap'] }), ctx));
    expect(err).toMatchObject({ code: 'WP_ANSWER_UNEXPECTED', sideEffectPossible: false });
  });
});
