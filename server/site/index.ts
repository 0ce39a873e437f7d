import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  articleMedia,
  findArticle,
  findPublicMedia,
  findSiteUnit,
  lastModified,
  listArticles,
  listFeedArticles,
  type SiteScope,
  sitemapArticles,
  unitsWithArticles,
} from '../../core/site/queries.ts';
import { searchArticles, searchTerms } from '../../core/site/search.ts';
import { createViewCounter } from '../../core/site/view-counter.ts';
import { listVideos, videosOfItem } from '../../core/site/videos.ts';
import { themeOfSlug, themePath, unitPath } from '../../core/site/urls.ts';
import type { AppDeps } from '../deps.ts';
import { atomFeed, FEED_SIZE, type FeedInput, jsonFeed, rssFeed } from './feeds.ts';
import { vnDay } from './format.ts';
import { isNotModified } from '../http/cache.ts';
import { PUBLIC_HEADERS, sendCached, sendTagged } from './http-cache.ts';
import { SITE_NAME, SITE_TAGLINE } from './layout.ts';
import { RESIZABLE_IMAGES, sendMedia, sendMediaRendition } from './media.ts';
import { createOgCards } from './og.ts';
import { createPageCache, type PageInput } from './page-cache.ts';
import { errorPage } from './error-pages.ts';
import { FAVICON_SVG } from './favicon.ts';
import { searchPage } from './search-page.ts';
import { articlePage, homePage, type ListPage, themePage, unitPage } from './pages.ts';
import { robotsTxt, sitemapXml } from './sitemap.ts';
import { isTheme, themeInfo, type Theme } from './themes.ts';
import { countsAsView } from './views.ts';

const PAGE_SIZE = 20;
/** A sitemap file holds at most 50,000 addresses; the campaign's videos stay far below. */
const SITEMAP_VIDEOS = { limit: 10_000, offset: 0 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Lists change when anything is published; a minute keeps takedowns prompt. */
const HTML_CACHE = 'public, max-age=60';
const FEED_CACHE = 'public, max-age=300';
const HTML = 'text/html; charset=utf-8';
/** Pages kept in memory (a few KB each); the oldest goes first. */
const CACHED_PAGES = 2_000;

const feedTypes = {
  'feed.xml': { type: 'application/rss+xml; charset=utf-8', render: rssFeed },
  'atom.xml': { type: 'application/atom+xml; charset=utf-8', render: atomFeed },
  'feed.json': { type: 'application/feed+json; charset=utf-8', render: jsonFeed },
} as const;
type FeedFile = keyof typeof feedTypes;
const isFeedFile = (file: string): file is FeedFile => Object.hasOwn(feedTypes, file);
const PageQuery = Type.Object({ trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
const tags = ['site'];

/**
 * The public campaign site "Con đường hướng thiện" at `/`: server-rendered Vietnamese
 * pages readable without JavaScript, feeds, sitemap and the media of live articles.
 * Sets no cookie; counts article views per day without identifying anyone.
 */
export const siteRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, config, clock, storage } = deps;
  const publicUrl = config.publicUrl;
  const views = createViewCounter(db, deps.log, config.siteViewsFlushMs);
  const cache = createPageCache(db.$client, deps.log, { maxPages: CACHED_PAGES, ttlMs: 60_000 });
  app.addHook('onClose', async () => {
    await views.close();
    await cache.close();
  });

  const html = (body: string, status = 200): PageInput => ({ body, contentType: HTML, lastModified: null, cacheControl: HTML_CACHE, status });
  const sendHtml = (request: FastifyRequest, reply: FastifyReply, body: string, status = 200) => sendCached(request, reply, html(body, status));
  const notFound = (request: FastifyRequest, reply: FastifyReply) => sendHtml(request, reply, errorPage(404), 404);
  const notFoundPage = () => html(errorPage(404), 404);

  /**
   * A theme page or feed under the theme's first, English address (`/chu-de/policy`): links
   * already shared, printed and subscribed to move permanently to the Vietnamese one, page kept.
   */
  const movedToSlug = (request: FastifyRequest, reply: FastifyReply, theme: Theme, rest = '') => {
    const query = request.url.indexOf('?');
    const location = themePath(theme) + rest + (query >= 0 ? request.url.slice(query) : '');
    return reply.status(301).headers(PUBLIC_HEADERS).header('cache-control', 'public, max-age=86400').header('location', location).send();
  };

  // Vietnam's day changes on a whole minute (UTC+7): the day is worked out once a minute, not per reader.
  let day = { minute: -1, key: '' };
  const today = () => {
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== day.minute) day = { minute, key: vnDay(now) };
    return day.key;
  };

  /** The page under the request's URL from memory (./page-cache.ts), rendered on a miss; an article's view is counted either way. */
  async function sendPage(request: FastifyRequest, reply: FastifyReply, render: () => Promise<PageInput>) {
    const { page, etag } = await cache.page(request.url, render);
    if (page.articleId && countsAsView(request)) views.count(page.articleId, today());
    return sendTagged(request, reply, page, etag);
  }

  async function listPage(scope: SiteScope, page: number): Promise<ListPage> {
    const rows = await listArticles(db, scope, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
    return { articles: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE };
  }

  async function sendFeed(request: FastifyRequest, reply: FastifyReply, file: FeedFile, scope: SiteScope, meta: Pick<FeedInput, 'title' | 'description' | 'pagePath'>) {
    return sendPage(request, reply, async () => {
      const [articles, updated] = await Promise.all([listFeedArticles(db, scope, FEED_SIZE), lastModified(db, scope)]);
      const media = await articleMedia(db, [...new Set(articles.flatMap((a) => a.mediaIds))]);
      const body = feedTypes[file].render({ ...meta, publicUrl, articles, media: new Map(media.map((m) => [m.id, m])), updated });
      return { body, contentType: feedTypes[file].type, lastModified: updated, cacheControl: FEED_CACHE };
    });
  }

  app.get('/', { schema: { tags, summary: 'Trang chủ: bài viết mới nhất · Home page: the latest articles', querystring: PageQuery } }, (request, reply) =>
    sendPage(request, reply, async () => {
      const [list, units] = await Promise.all([listPage({}, request.query.trang ?? 1), unitsWithArticles(db)]);
      return html(homePage(publicUrl, list, units));
    }),
  );

  app.get(
    '/tim-kiem',
    {
      schema: {
        tags,
        summary: 'Tìm bài viết và câu trả lời (có dấu hay không dấu) · Search articles and answers (with or without Vietnamese accents)',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })), trang: PageQuery.properties.trang }),
      },
    },
    async (request, reply) => {
      const terms = searchTerms(request.query.q ?? '');
      if (terms.length === 0) return sendHtml(request, reply, searchPage(request.query.q ?? '', null));
      const page = request.query.trang ?? 1;
      const rows = await searchArticles(db, terms, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
      return sendHtml(request, reply, searchPage(request.query.q ?? '', { articles: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE }));
    },
  );

  app.get(
    '/chu-de/:theme',
    { schema: { tags, summary: 'Trang chủ đề · Theme page', params: Type.Object({ theme: Type.String({ maxLength: 64 }) }), querystring: PageQuery } },
    async (request, reply) => {
      const theme = themeOfSlug(request.params.theme);
      if (!theme) return isTheme(request.params.theme) ? movedToSlug(request, reply, request.params.theme) : notFound(request, reply);
      return sendPage(request, reply, async () => html(themePage(publicUrl, theme, await listPage({ theme }, request.query.trang ?? 1))));
    },
  );

  app.get(
    '/don-vi/:unitId',
    { schema: { tags, summary: 'Trang đơn vị (gồm các đơn vị trực thuộc) · Unit page (with the units below it)', params: Type.Object({ unitId: Type.String({ maxLength: 64 }) }), querystring: PageQuery } },
    async (request, reply) => {
      if (!UUID.test(request.params.unitId)) return notFound(request, reply);
      return sendPage(request, reply, async () => {
        const unit = await findSiteUnit(db, request.params.unitId);
        return unit ? html(unitPage(publicUrl, unit, await listPage({ unitIds: unit.subtree }, request.query.trang ?? 1))) : notFoundPage();
      });
    },
  );

  app.get(
    '/bai-viet/:slug',
    { schema: { tags, summary: 'Trang bài viết (410 khi bài đã được gỡ) · Article page (410 when taken down)', params: Type.Object({ slug: Type.String({ maxLength: 200 }) }) } },
    (request, reply) =>
      sendPage(request, reply, async () => {
        const article = await findArticle(db, request.params.slug);
        if (!article) return notFoundPage();
        if (article.takenDownAt) return html(errorPage(410), 410);
        const [media, related, videos] = await Promise.all([
          articleMedia(db, article.mediaIds),
          listArticles(db, { theme: article.theme }, { limit: 6 }),
          videosOfItem(db, article.itemId),
        ]);
        const body = articlePage(publicUrl, { article, media, related: related.filter((r) => r.id !== article.id).slice(0, 5), videos });
        return { ...html(body), articleId: article.id };
      }),
  );

  const siteMeta = { title: SITE_NAME, description: SITE_TAGLINE, pagePath: '' };
  for (const file of Object.keys(feedTypes) as FeedFile[]) {
    app.get(`/${file}`, { schema: { tags, summary: 'Nguồn tin toàn trang (RSS, Atom, JSON Feed) · The site-wide feed (RSS, Atom, JSON Feed)' } }, (request, reply) =>
      sendFeed(request, reply, file, {}, siteMeta),
    );
  }

  app.get(
    '/chu-de/:theme/:file',
    { schema: { tags, summary: 'Nguồn tin theo chủ đề · A theme\'s feed', params: Type.Object({ theme: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 16 }) }) } },
    async (request, reply) => {
      const { file } = request.params;
      const theme = themeOfSlug(request.params.theme);
      if (!isFeedFile(file)) return notFound(request, reply);
      if (!theme) return isTheme(request.params.theme) ? movedToSlug(request, reply, request.params.theme, `/${file}`) : notFound(request, reply);
      const info = themeInfo[theme];
      return sendFeed(request, reply, file, { theme }, { title: `${SITE_NAME} – ${info.label}`, description: info.description, pagePath: themePath(theme) });
    },
  );

  app.get(
    '/don-vi/:unitId/:file',
    { schema: { tags, summary: 'Nguồn tin theo đơn vị · A unit\'s feed', params: Type.Object({ unitId: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 16 }) }) } },
    async (request, reply) => {
      const { unitId, file } = request.params;
      if (!isFeedFile(file)) return notFound(request, reply);
      const unit = UUID.test(unitId) ? await findSiteUnit(db, unitId) : null;
      if (!unit) return notFound(request, reply);
      return sendFeed(request, reply, file, { unitIds: unit.subtree }, {
        title: `${SITE_NAME} – ${unit.name}`,
        description: `Bài viết của ${unit.name} về tái hòa nhập cộng đồng`,
        pagePath: unitPath(unit.id),
      });
    },
  );

  app.get('/sitemap.xml', { schema: { tags, summary: 'Sơ đồ trang (sitemap) · Sitemap' } }, (request, reply) =>
    sendPage(request, reply, async () => {
      const [articles, units, videos, updated] = await Promise.all([sitemapArticles(db), unitsWithArticles(db), listVideos(db, SITEMAP_VIDEOS), lastModified(db, {})]);
      return { body: sitemapXml({ publicUrl, articles, units, videos, updated }), contentType: 'application/xml; charset=utf-8', lastModified: updated, cacheControl: FEED_CACHE };
    }),
  );

  app.get('/robots.txt', { schema: { tags, summary: 'Hướng dẫn cho trình thu thập (robots.txt) · Instructions for crawlers (robots.txt)' } }, (request, reply) =>
    sendCached(request, reply, { body: robotsTxt(publicUrl), contentType: 'text/plain; charset=utf-8', lastModified: null, cacheControl: 'public, max-age=86400' }),
  );

  app.get('/favicon.ico', { schema: { tags, summary: 'Biểu tượng trang (SVG) · Site icon (SVG)' } }, (request, reply) =>
    sendCached(request, reply, { body: FAVICON_SVG, contentType: 'image/svg+xml', lastModified: null, cacheControl: 'public, max-age=86400' }),
  );

  // HEAD is routed here explicitly: fastify's automatic HEAD would read the whole file.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/:id',
    schema: {
      tags,
      summary: 'Ảnh, video, tài liệu của bài đang đăng (hỗ trợ Range) · Photos, videos and documents of published items (supports Range)',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      // `co`: a photo phone-sized (`nho` 480 px, `vua` 800 px, `lon` 1280 px JPEG); without it, the file as uploaded.
      querystring: Type.Object({ co: Type.Optional(Type.Union([Type.Literal('nho'), Type.Literal('vua'), Type.Literal('lon')])) }),
    },
    handler: async (request, reply) => {
      const media = UUID.test(request.params.id) ? await findPublicMedia(db, request.params.id) : null;
      if (!media) return reply.status(404).headers(PUBLIC_HEADERS).header('cache-control', HTML_CACHE).type('text/plain; charset=utf-8').send('Không tìm thấy tệp');
      const size = request.query.co;
      if (size && media.kind === 'image' && RESIZABLE_IMAGES.has(media.mimeType)) {
        return sendMediaRendition(request, reply, storage, media, size === 'lon' ? 'large' : size === 'vua' ? 'medium' : 'small', config.maxImagePixels);
      }
      return sendMedia(request, reply, storage, media);
    },
  });

  const ogCards = createOgCards();
  app.get(
    '/og/:file',
    { schema: { tags, summary: 'Ảnh xem trước (OpenGraph 1200×630) của bài viết, hoặc của trang (_site.png) · An article\'s preview image (OpenGraph 1200×630), or the site\'s own (_site.png)', params: Type.Object({ file: Type.String({ maxLength: 210 }) }) } },
    async (request, reply) => {
      const slug = request.params.file.endsWith('.png') ? request.params.file.slice(0, -4) : null;
      // `_site` is no article's slug (slugs are a-z, 0-9 and '-'): the campaign's own card.
      const article = slug && slug !== '_site' ? await findArticle(db, slug) : null;
      if (slug !== '_site' && !article) return notFound(request, reply);
      if (article?.takenDownAt) return sendHtml(request, reply, errorPage(410), 410);
      const card = article ? ogCards.cardFor(article) : ogCards.siteCard();
      reply.headers(PUBLIC_HEADERS).header('etag', card.etag).header('cache-control', 'public, max-age=86400');
      if (isNotModified(request, card.etag, null)) return reply.status(304).send();
      return reply.type('image/png').send(await card.png);
    },
  );
};
