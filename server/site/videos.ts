import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { phoneRendition } from '../../core/media/renditions.ts';
import { findVideo, listVideos } from '../../core/site/videos.ts';
import { media } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { errorPage } from './error-pages.ts';
import { PUBLIC_HEADERS, sendCached } from './http-cache.ts';
import { PLAYER_ORIGIN, VIDEO_PATH } from './video-card.ts';
import { playerPage, videosPage } from './video-pages.ts';

const tags = ['site'];
const HTML = 'text/html; charset=utf-8';
const PAGE_SIZE = 20;
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * The video section: the campaign's YouTube videos as posters from Loa's own storage; the
 * YouTube player (privacy-enhanced host) is framed only by the player page a reader opens
 * by clicking, which alone allows that frame in its CSP. No script anywhere.
 */
export const videoRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, storage, config } = deps;
  const notFound = (reply: import('fastify').FastifyReply) =>
    reply.status(404).headers(PUBLIC_HEADERS).header('cache-control', 'public, max-age=60').type(HTML).send(errorPage(404));

  app.get(VIDEO_PATH, { schema: { tags, summary: 'Trang video của chiến dịch · The campaign\'s video page', querystring: Type.Object({ trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } }, async (request, reply) => {
    const page = request.query.trang ?? 1;
    const rows = await listVideos(db, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
    const body = videosPage(config.publicUrl, rows.slice(0, PAGE_SIZE), page, rows.length > PAGE_SIZE);
    return sendCached(request, reply, { body, contentType: HTML, lastModified: null, cacheControl: 'public, max-age=60' });
  });

  app.get(`${VIDEO_PATH}/:id`, { schema: { tags, summary: 'Trình phát một video (tải trình phát YouTube) · One video\'s player (loads the YouTube player)', params: Id } }, async (request, reply) => {
    const video = await findVideo(db, request.params.id);
    if (!video) return notFound(reply);
    const csp = `${PUBLIC_HEADERS['content-security-policy']}; frame-src ${PLAYER_ORIGIN}`;
    return sendCached(request, reply, { body: playerPage(config.publicUrl, video), contentType: HTML, lastModified: null, cacheControl: 'public, max-age=60', csp });
  });

  app.get(`${VIDEO_PATH}/:id/anh`, { schema: { tags, summary: 'Ảnh đại diện của video (từ kho của Loa) · The video\'s thumbnail (from Loa\'s own storage)', params: Id } }, async (request, reply) => {
    const video = await findVideo(db, request.params.id);
    const [poster] = video?.posterMediaId ? await db.select().from(media).where(eq(media.id, video.posterMediaId)) : [];
    if (!poster) return notFound(reply);
    const rendition = await phoneRendition(storage, poster, 'small', config.maxImagePixels);
    return reply
      .headers(PUBLIC_HEADERS)
      .headers({ 'cache-control': 'public, max-age=86400', 'content-length': String(rendition.bytes) })
      .type('image/jpeg')
      .send(storage.read(rendition.key));
  });
};
