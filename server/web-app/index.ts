import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { acceptsGzip } from '../http/cache.ts';

/**
 * The officer web app under /app: the static build of web/ (scripts/web/build.ts makes it on
 * `npm start` and in the test run when missing or stale). Hashed assets are cached for a
 * year; index.html is revalidated every time so a new build shows at the next load; any
 * other /app/* path gets index.html (the app's router draws the page). Scripts only from
 * this origin: no inline script, no eval. Inline *styles* are allowed because Mantine
 * writes its CSS variables in a <style> element.
 */
const distDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const webAppRoutes: FastifyPluginAsync = async (app) => {
  app.get('/app/assets/:file', { schema: { hide: true } }, async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const { file } = request.params;
    const type = types[path.extname(file)];
    if (!/^[\w.-]+$/.test(file) || !type) throw notFound();
    const body = (acceptsGzip(request) && (await readOrNull(path.join(distDir, 'assets', `${file}.gz`)))) || null;
    const plain = body ? null : await readOrNull(path.join(distDir, 'assets', file));
    if (!body && !plain) throw notFound();
    reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    if (body) reply.header('content-encoding', 'gzip');
    return reply.send(body ?? plain);
  });

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const html = await readOrNull(path.join(distDir, 'index.html'));
    if (!html) throw notBuilt();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_APP_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(html);
  };
  app.get('/app', { schema: { hide: true } }, page);
  app.get('/app/*', { schema: { hide: true } }, page);
};

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const notFound = () => new AppError('NOT_FOUND', 404, { vi: 'Không tìm thấy tệp', en: 'File not found' });

const notBuilt = () =>
  new AppError('WEB_APP_NOT_BUILT', 503, {
    vi: 'Ứng dụng web chưa được dựng. Chạy `npm start` (tự dựng) hoặc `npm run build:web`.',
    en: 'The web app is not built. Run `npm start` (builds it) or `npm run build:web`.',
  });
