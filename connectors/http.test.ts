import { createHash } from 'node:crypto';
import dns from 'node:dns';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from './contract.ts';
import { createHttpClient } from './http.ts';

/** A self-signed certificate for localhost, made for this test only (openssl req -x509, P-256, 100 years). */
const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNZw7S9Ywy9P/7l8q
19qVCq2q1iA4XLaNzv/xugvS4nOhRANCAASheqyILDIQtkSTUjgZi0EaH/tVdpEg
faEQkGgZGbV/lkxqP7VuGj484WYnkHTC9lz/n6Jq+8nZtvBeA4HQXsC7
-----END PRIVATE KEY-----`;
const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUeBA2h8cLB5uqKxC95CW/SoCtHXEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzE1NDg0NloYDzIxMjYxMDMw
MTU0ODQ2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASheqyILDIQtkSTUjgZi0EaH/tVdpEgfaEQkGgZGbV/lkxqP7VuGj48
4WYnkHTC9lz/n6Jq+8nZtvBeA4HQXsC7o1MwUTAdBgNVHQ4EFgQUYnbeSwfq6i/Y
/RzL7MLskzHKcsQwHwYDVR0jBBgwFoAUYnbeSwfq6i/Y/RzL7MLskzHKcsQwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBCKFDjoi00fVplbjO04uk8
LaJU1VNqGCVQk7nQHd2B6wIgZQhKV1H29Gc0CSWFsawsrCpYRI7Zt5fmiHOrqjrn
gw4=
-----END CERTIFICATE-----`;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  sha: string;
  bytes: number;
}

describe('the outbound HTTP client', () => {
  const seen: Seen[] = [];
  let port = 0;
  let handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
  const server = http.createServer((req, res) => {
    if (req.url === '/early') {
      // Answers before reading the upload, as Graph does on a bad request.
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"too big"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, sha: createHash('sha256').update(body).digest('hex'), bytes: body.length });
      handler(req, res, body);
    });
  });
  const url = (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
  });

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  };

  it('sends a JSON body with its length and answers a standard Response (status, repeated headers, body)', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true });
    const body = JSON.stringify({ title: 'Con đường hướng thiện' });
    const res = await client.request({ method: 'POST', url: url('/hooks'), headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/hooks', bytes: Buffer.byteLength(body) });
    expect(seen[0]!.headers).toMatchObject({ 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/json', 'user-agent': expect.stringMatching(/^Loa\//) });
  });

  it('encodes form bodies as fetch does and gives 204 answers no body', async () => {
    handler = (_req, res) => res.writeHead(204).end();
    const client = createHttpClient({ allowPrivateNetwork: true });
    const res = await client.request({ method: 'POST', url: url('/token'), body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r t' }) });
    expect([res.status, res.body]).toEqual([204, null]);
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(seen[0]!.bytes).toBe('grant_type=refresh_token&refresh_token=r+t'.length);
  });

  it('streams a file body intact, and an early answer stays readable when the caller drops the file', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true });
    const data = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await client.request({ method: 'POST', url: url('/upload'), body: Readable.from([data.subarray(0, 1_000_000), data.subarray(1_000_000)]) });
    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ bytes: data.length, sha: createHash('sha256').update(data).digest('hex') });

    const file = Readable.from((function* () {
      for (let i = 0; i < 1_000; i++) yield Buffer.alloc(64 * 1024, 1);
    })());
    const early = await client.request({ method: 'POST', url: url('/early'), body: file });
    file.destroy();
    expect(early.status).toBe(400);
    expect(await early.json()).toEqual({ error: 'too big' });
  });

  it('undoes gzip, deflate and brotli as fetch does: a request without Accept-Encoding accepts any coding (RFC 9110 §12.5.3)', async () => {
    const json = JSON.stringify({ id: '123_456', message: 'Cảnh giác lừa đảo' });
    for (const [coding, encode] of [
      ['gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
      ['br', zlib.brotliCompressSync],
    ] as const) {
      handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(encode(Buffer.from(json)));
      const res = await createHttpClient({ allowPrivateNetwork: true }).request({ method: 'POST', url: url('/feed'), body: '{}' });
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(await res.json()).toEqual(JSON.parse(json));
      // An empty answer labelled with the coding (an empty 200 through a compressing proxy) reads as empty.
      handler = (_req, res) => res.writeHead(200, { 'content-encoding': coding, 'content-length': '0' }).end();
      const empty = await createHttpClient({ allowPrivateNetwork: true }).request({ method: 'POST', url: url('/upload'), body: '{}' });
      expect(await empty.text()).toBe('');
    }
  });

  it('a body cut mid-way, gzipped or not, or stalled after the headers, fails the read instead of hanging', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true, timeoutMs: 300 });
    const zipped = zlib.gzipSync(Buffer.from(JSON.stringify({ data: 'x'.repeat(50_000).split('').map((_, i) => i) })));
    for (const [headers, part] of [
      [{ 'content-type': 'application/json', 'content-length': '1000' }, Buffer.from('{"id":"1')],
      [{ 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(zipped.length) }, zipped.subarray(0, 2000)],
    ] as const) {
      handler = (_req, res) => {
        res.writeHead(200, headers);
        res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
      };
      const res = await client.request({ method: 'POST', url: url('/feed'), body: '{}' });
      await expect(res.text()).rejects.toThrow();
    }
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":');
    };
    const stalled = await client.request({ method: 'POST', url: url('/feed'), body: '{}' });
    await expect(stalled.text()).rejects.toThrow();
  });

  it('an answer with a status outside 200–599 (RFC 9110 §15) is a failed call that may have landed, not a crash of the worker', async () => {
    const odd = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 999 Weird\r\nContent-Length: 2\r\n\r\n{}')));
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    try {
      const client = createHttpClient({ allowPrivateNetwork: true });
      const err = await failure(client.request({ method: 'POST', url: `http://127.0.0.1:${(odd.address() as AddressInfo).port}/feed`, body: '{}' }));
      expect(err).toMatchObject({ kind: 'transient', code: 'NET_BAD_STATUS', sideEffectPossible: true });
    } finally {
      await new Promise((resolve) => odd.close(resolve));
    }
  });

  it('refuses private targets unless allowed, by literal address and by name, before any byte is sent', async () => {
    const guarded = createHttpClient({ allowPrivateNetwork: false });
    for (const host of ['127.0.0.1', 'localhost']) {
      const err = await failure(guarded.request({ method: 'POST', url: url('/hooks', host), body: '{}' }));
      expect(err).toMatchObject({ kind: 'permanent', code: 'NET_PRIVATE_ADDRESS_REFUSED', sideEffectPossible: false });
    }
    expect(seen).toHaveLength(0);
    // A kept-alive connection opened for a channel allowed on the intranet is not lent to one that is not.
    await createHttpClient({ allowPrivateNetwork: true }).request({ url: url('/a', 'localhost') });
    expect(await failure(guarded.request({ url: url('/b', 'localhost') }))).toMatchObject({ code: 'NET_PRIVATE_ADDRESS_REFUSED' });
    expect(seen.map((s) => s.url)).toEqual(['/a']);
  });

  it('classifies failures: a timeout after sending may have reached the platform, a refused connection did not', async () => {
    handler = () => {}; // never answers
    const client = createHttpClient({ allowPrivateNetwork: true, timeoutMs: 200 });
    expect(await failure(client.request({ method: 'POST', url: url('/slow'), body: '{}' }))).toMatchObject({ kind: 'transient', code: 'NET_TIMEOUT', sideEffectPossible: true });
    expect(await failure(client.request({ url: url('/slow') }))).toMatchObject({ code: 'NET_TIMEOUT', sideEffectPossible: false });

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(client.request({ method: 'POST', url: `http://127.0.0.1:${deadPort}/x`, body: '{}' }));
    expect(refused).toMatchObject({ kind: 'transient', code: 'NET_ECONNREFUSED', sideEffectPossible: false });
  });

  it('a call that timed out before its connection opened, or was refused by node:http, never reached the platform', async () => {
    // A name whose lookup never answers: the socket never connects.
    const original = dns.lookup;
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) =>
      hostname === 'cham.example' ? undefined : (original as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
    try {
      const client = createHttpClient({ allowPrivateNetwork: false, timeoutMs: 200 });
      const err = await failure(client.request({ method: 'POST', url: 'http://cham.example/hooks', body: '{}' }));
      expect(err).toMatchObject({ code: 'NET_TIMEOUT', sideEffectPossible: false });
    } finally {
      (dns as { lookup: unknown }).lookup = original;
    }
    const client = createHttpClient({ allowPrivateNetwork: true });
    const bad = await failure(client.request({ method: 'POST', url: url('/hooks'), headers: { 'x-title': 'dòng 1\r\ndòng 2' }, body: '{}' }));
    expect(bad.sideEffectPossible).toBe(false);
    expect(seen).toHaveLength(0);
  });

  it('speaks HTTPS and refuses a certificate no authority vouches for, before sending anything, as a failure a person must fix', async () => {
    let reached = 0;
    const tls = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => {
      reached++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const client = createHttpClient({ allowPrivateNetwork: true });
      const err = await failure(client.request({ method: 'POST', url: `https://localhost:${(tls.address() as AddressInfo).port}/hooks`, body: '{}' }));
      expect(err).toMatchObject({ kind: 'permanent', code: 'NET_TLS_CERTIFICATE', platformCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', sideEffectPossible: false });
      // In words, saying who must act; OpenSSL's code is kept in platformCode, not in the sentence.
      expect(err.messages.vi).toMatch(/^Chứng chỉ bảo mật \(HTTPS\) của localhost:\d+ không hợp lệ .*Hãy báo quản trị trang đó sửa chứng chỉ rồi đăng lại/);
      expect(err.messages.vi).not.toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(reached).toBe(0);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('aborts an in-flight call when the worker shuts down', async () => {
    handler = () => {};
    const shutdown = new AbortController();
    const client = createHttpClient({ allowPrivateNetwork: true, signal: shutdown.signal });
    const call = failure(client.request({ method: 'POST', url: url('/slow'), body: '{}' }));
    setTimeout(() => shutdown.abort(), 100);
    expect(await call).toMatchObject({ kind: 'transient', code: 'NET_ABORTED' });
  });
});
