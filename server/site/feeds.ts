import type { ArticleFull, PublicMedia } from '../../core/site/queries.ts';
import { articlePath, mediaPath, ogImagePath } from '../../core/site/urls.ts';
import { html, type Html, paragraphs } from '../http/html.ts';
import { SITE_NAME } from './layout.ts';
import { articleDescription } from './pages.ts';
import { themeInfo } from './themes.ts';

/** Recent items per feed; older articles stay reachable from the site's pages and sitemap. */
export const FEED_SIZE = 50;

export interface FeedInput {
  publicUrl: string;
  title: string;
  description: string;
  /** The scope's page: '' (whole site), '/chu-de/<theme>' or '/don-vi/<unitId>'. */
  pagePath: string;
  articles: ArticleFull[];
  media: Map<string, PublicMedia>;
  /** Last change in the scope; null when it never had an article. */
  updated: Date | null;
}

/**
 * Entry ids are the article's uuid as a URN: stable across edits, slug changes and a
 * move of the public URL, so readers never see an updated article as a new one.
 */
const entryId = (a: ArticleFull) => `urn:uuid:${a.id}`;
const pageUrl = (f: FeedInput) => `${f.publicUrl}${f.pagePath || '/'}`;
const feedUrl = (f: FeedInput, file: string) => `${f.publicUrl}${f.pagePath}/${file}`;
/** An empty scope has a fixed date, so its validators (ETag, Last-Modified) stay stable. */
const updatedOf = (f: FeedInput) => f.updated ?? new Date(0);

function mediaOf(f: FeedInput, a: ArticleFull): PublicMedia[] {
  return a.mediaIds.flatMap((id) => f.media.get(id) ?? []);
}

/** The article as HTML for feed readers, media with absolute URLs. */
function contentHtml(f: FeedInput, a: ArticleFull): string {
  const media = mediaOf(f, a).map((m) => {
    const src = f.publicUrl + mediaPath(m.id);
    if (m.kind === 'video') return html`<p><video controls preload="metadata" src="${src}"></video></p>`;
    if (m.kind === 'image') return html`<p><img src="${src}" alt="${m.altText ?? ''}"></p>`;
    return html`<p><a href="${src}">${m.originalName}</a></p>`;
  });
  return html`${a.summary ? html`<p><strong>${a.summary}</strong></p>` : ''}${paragraphs(a.body)}${media}`.value;
}

export function rssFeed(f: FeedInput): string {
  const items: Html[] = f.articles.map((a) => {
    const url = f.publicUrl + articlePath(a.slug);
    const enclosure = mediaOf(f, a).find((m) => m.kind !== 'document');
    return html`<item>
<title>${a.title}</title>
<link>${url}</link>
<guid isPermaLink="false">${entryId(a)}</guid>
<pubDate>${a.publishedAt.toUTCString()}</pubDate>
<description>${articleDescription(a)}</description>
<content:encoded>${contentHtml(f, a)}</content:encoded>
<category>${themeInfo[a.theme].label}</category>
<dc:creator>${a.unitName}</dc:creator>
${enclosure ? html`<enclosure url="${f.publicUrl + mediaPath(enclosure.id)}" length="${enclosure.sizeBytes}" type="${enclosure.mimeType}"/>\n` : ''}</item>
`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
${html`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${f.title}</title>
<link>${pageUrl(f)}</link>
<description>${f.description}</description>
<language>vi</language>
<lastBuildDate>${updatedOf(f).toUTCString()}</lastBuildDate>
<atom:link href="${feedUrl(f, 'feed.xml')}" rel="self" type="application/rss+xml"/>
${items}</channel>
</rss>
`}`;
}

export function atomFeed(f: FeedInput): string {
  const entries: Html[] = f.articles.map(
    (a) => html`<entry>
<id>${entryId(a)}</id>
<title type="text">${a.title}</title>
<link rel="alternate" type="text/html" href="${f.publicUrl + articlePath(a.slug)}"/>
<published>${a.publishedAt.toISOString()}</published>
<updated>${a.updatedAt.toISOString()}</updated>
<author><name>${a.unitName}</name></author>
<category term="${a.theme}" label="${themeInfo[a.theme].label}"/>
<summary type="text">${articleDescription(a)}</summary>
<content type="html">${contentHtml(f, a)}</content>
</entry>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
${html`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<id>${pageUrl(f)}</id>
<title type="text">${f.title}</title>
<subtitle type="text">${f.description}</subtitle>
<link rel="self" type="application/atom+xml" href="${feedUrl(f, 'atom.xml')}"/>
<link rel="alternate" type="text/html" href="${pageUrl(f)}"/>
<updated>${updatedOf(f).toISOString()}</updated>
<author><name>${SITE_NAME}</name></author>
${entries}</feed>
`}`;
}

export function jsonFeed(f: FeedInput): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: f.title,
    description: f.description,
    home_page_url: pageUrl(f),
    feed_url: feedUrl(f, 'feed.json'),
    language: 'vi',
    authors: [{ name: SITE_NAME }],
    items: f.articles.map((a) => ({
      id: entryId(a),
      url: f.publicUrl + articlePath(a.slug),
      title: a.title,
      summary: articleDescription(a),
      content_html: contentHtml(f, a),
      image: `${f.publicUrl}${ogImagePath(a.slug)}?v=${a.updatedAt.getTime()}`,
      date_published: a.publishedAt.toISOString(),
      date_modified: a.updatedAt.toISOString(),
      authors: [{ name: a.unitName }],
      tags: [themeInfo[a.theme].label, ...a.hashtags],
      attachments: mediaOf(f, a).map((m) => ({ url: f.publicUrl + mediaPath(m.id), mime_type: m.mimeType, size_in_bytes: m.sizeBytes })),
    })),
  });
}
