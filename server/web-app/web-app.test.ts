import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';

/** /app serves the built web app (web/dist, built by test/global-setup.ts when stale). */
describe('web app under /app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers index.html for /app and any app path, revalidated, with a CSP that forbids inline scripts', async () => {
    for (const url of ['/app', '/app/', '/app/dang-nhap', '/app/quan-tri/nguoi-dung?x=1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root"></div>');
      const scriptSrc = String(res.headers['content-security-policy']).split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
      expect(scriptSrc).toBe("script-src 'self'");
    }
  });

  it('serves hashed assets for a year, gzipped to browsers that accept it', async () => {
    const html = (await t.app.inject({ method: 'GET', url: '/app' })).body;
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await t.app.inject({ method: 'GET', url: script });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(fs.readFileSync(path.join('web/dist', script.replace('/app/', '')), 'utf8'));
    const gz = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    // gzip refused with q=0 (RFC 9110 §12.5.3) gets the plain file, as the site's pages do.
    const refused = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers 404 for a missing or malformed asset name, never index.html', async () => {
    for (const url of ['/app/assets/nope-123.js', '/app/assets/..%2F..%2Fpackage.json', '/app/assets/index.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('<div id="root">');
      expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
    }
  });
});
