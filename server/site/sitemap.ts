import { articlePath, themePath, unitPath } from '../../core/site/urls.ts';
import { html } from '../http/html.ts';
import { QA_PATH } from './question-pages.ts';
import { themes } from './themes.ts';
import { VIDEO_PATH, videoPath } from './video-card.ts';

export interface SitemapInput {
  publicUrl: string;
  articles: { slug: string; updatedAt: Date }[];
  units: { id: string }[];
  /** The player pages of published videos. */
  videos: { deliveryId: string; publishedAt: Date }[];
  updated: Date | null;
}

/**
 * sitemaps.org 0.9: every page the site lets search engines index (the ones with a canonical
 * link, ./layout.ts) — home, themes, Hỏi – đáp, videos, units, live articles (taken-down ones
 * are left out) and the video player pages. Search results, forms and errors are `noindex` and absent.
 */
export function sitemapXml(s: SitemapInput): string {
  const url = (path: string, lastmod?: Date | null) =>
    html`<url><loc>${s.publicUrl + path}</loc>${lastmod ? html`<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>
${html`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${url('/', s.updated)}${themes.map((t) => url(themePath(t)))}${url(QA_PATH)}${url(VIDEO_PATH)}${s.units.map((u) => url(unitPath(u.id)))}${s.articles.map(
    (a) => url(articlePath(a.slug), a.updatedAt),
  )}${s.videos.map((v) => url(videoPath(v.deliveryId), v.publishedAt))}</urlset>
`}`;
}

/**
 * Crawlers may read the public site, its cards and media (link previews on Facebook and
 * Zalo fetch them); the API, its docs, the setup page, the officers' app and phone pages and
 * the recipients' secret share-kit links are not for indexing.
 */
export function robotsTxt(publicUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /docs',
    'Disallow: /setup',
    'Disallow: /app',
    'Disallow: /xa',
    'Disallow: /chia-se/',
    'Allow: /',
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
