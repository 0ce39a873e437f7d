import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../test/app.ts';
import { MIN_BODY_BYTES_PER_SECOND } from './body-timeout.ts';
import { fakeMp4 } from './routes/media/test-files.ts';

/** Short in the test; the default is 30 s (LOA_REQUEST_TIMEOUT_MS). */
const TIMEOUT_MS = 1000;
/** One byte every this long: the slow bodies below take several timeouts to arrive. */
const TRICKLE_MS = 250;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

interface Trickled {
  status: number;
  body: string;
  /** Bytes of the body the client had written when the answer arrived. */
  sent: number;
}

/** Sends `body` one byte every TRICKLE_MS over a real socket, stopping when the server answers or hangs up. */
function trickle(port: number, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(body.length) } });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      const at = sent;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), sent: at }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    req.flushHeaders();
    void (async () => {
      while (sent < body.length && !answered && !req.destroyed) {
        await sleep(TRICKLE_MS);
        if (answered || req.destroyed) break;
        req.write(body.subarray(sent, sent + 1));
        sent++;
      }
      if (!answered && !req.destroyed) req.end();
    })();
  });
}

/** Sends `body` in `chunk`-byte pieces every `everyMs` with its Content-Length, like a phone uploading a form. */
function sendSteadily(port: number, path: string, body: Buffer, chunk: number, everyMs: number): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
    req.on('response', (res) => {
      const at = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), sent: at }));
    });
    req.on('error', reject);
    req.flushHeaders();
    void (async () => {
      while (sent < body.length && !req.destroyed) {
        await sleep(everyMs);
        req.write(body.subarray(sent, sent + chunk));
        sent = Math.min(body.length, sent + chunk);
      }
      req.end();
    })();
  });
}

describe('finding 13: slow request bodies time out, long uploads and the event stream do not', () => {
  let t: TestApp;
  let port: number;
  let officer: Session;
  let unit: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
    unit = await createUnit(t.db, 'Công an xã Mường Bú');
    await createUser(t.db, 'cskv@ca.vn', [{ role: 'commune_officer', unitId: unit }]);
    officer = await login(t.app, 'cskv@ca.vn');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('finding 13: a JSON body trickled one byte at a time is cut off with 408 before it is complete', async () => {
    // ~40 bytes at 4 bytes a second would take ~10 s; the server must answer after ~1 s.
    const body = Buffer.from(JSON.stringify({ email: 'cskv@ca.vn', password: 'x' }));
    const res = await trickle(port, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, body);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(res.sent).toBeLessThan(body.length);
  }, 20_000);

  it('a steady slow body (a phone on a slow network) gets time for its declared length and is not cut off', async () => {
    // 16 KB at 8 KB/s takes ~2 s, twice the base timeout, but above MIN_BODY_BYTES_PER_SECOND.
    const body = Buffer.from(JSON.stringify({ email: 'cskv@ca.vn', password: 'x'.repeat(16 * 1024) }));
    const res = await sendSteadily(port, '/api/v1/auth/login', body, 2048, 250);
    expect(res.status).not.toBe(408);
    expect(res.sent).toBe(body.length);
    expect(body.length / MIN_BODY_BYTES_PER_SECOND).toBeGreaterThan(TIMEOUT_MS / 1000);
  }, 20_000);

  it('finding 13: a tus PATCH that keeps sending for longer than the timeout is accepted', async () => {
    const file = fakeMp4(64 * 1024);
    const created = await officer.request('POST', '/api/v1/uploads', undefined, {
      'tus-resumable': '1.0.0',
      'upload-length': String(file.length),
      'upload-metadata': `filename ${b64('phong-su.mp4')},unitId ${b64(unit)}`,
    });
    expect(created.statusCode).toBe(201);
    const chunk = file.subarray(0, 12); // 12 bytes at 4 a second: three timeouts long
    const res = await trickle(
      port,
      'PATCH',
      created.headers.location as string,
      {
        cookie: officer.cookie,
        'x-csrf-token': officer.csrfToken,
        'tus-resumable': '1.0.0',
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      },
      chunk,
    );
    expect(res.status, res.body).toBe(204);
    expect(res.sent).toBe(chunk.length);
    const head = await officer.request('HEAD', created.headers.location as string, undefined, { 'tus-resumable': '1.0.0' });
    expect(head.headers['upload-offset']).toBe(String(chunk.length));
  }, 20_000);

  it('finding 13: a single-request media upload that keeps sending for longer than the timeout is stored', async () => {
    const file = fakeMp4(32); // 32 bytes at 4 a second: eight timeouts long
    const res = await trickle(
      port,
      'POST',
      `/api/v1/media?unitId=${unit}&filename=clip.mp4`,
      { cookie: officer.cookie, 'x-csrf-token': officer.csrfToken, 'content-type': 'video/mp4' },
      file,
    );
    expect(res.status, res.body).toBe(201);
    expect(res.sent).toBe(file.length);
    expect(JSON.parse(res.body)).toMatchObject({ sizeBytes: file.length });
  }, 20_000);

  it('finding 13: the live event stream stays open past the timeout', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: { cookie: officer.cookie } }, resolve).on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    let ended = false;
    let received = '';
    res.on('data', (c: Buffer) => (received += c.toString('utf8')));
    res.on('close', () => (ended = true));
    await sleep(3 * TIMEOUT_MS);
    expect(received).toContain('retry: 3000');
    expect(ended).toBe(false);
    expect(res.socket.destroyed).toBe(false);
    res.destroy();
  }, 20_000);
});
