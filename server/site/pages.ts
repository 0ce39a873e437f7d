import type { ArticleFull, ArticleSummary, PublicMedia } from '../../core/site/queries.ts';
import { articlePath, mediaPath, ogImagePath, themePath, unitPath } from '../../core/site/urls.ts';
import { excerpt, formatVnDate } from './format.ts';
import { html, type Html, paragraphs, raw } from '../http/html.ts';
import { cardMeta, type FeedSet, renderPage, SITE_NAME, SITE_TAGLINE } from './layout.ts';
import { themeInfo, type Theme } from './themes.ts';
import { RESIZABLE_IMAGES } from './media.ts';
import { videoCard } from './video-card.ts';
import type { SiteVideo } from '../../core/site/videos.ts';

export const SITE_FEEDS: FeedSet = { label: SITE_NAME, path: '' };

/** Page `n` of a list: the items plus whether an older page exists. */
export interface ListPage {
  articles: ArticleSummary[];
  page: number;
  hasMore: boolean;
}

/** Links to the pages before and after page `page` of a list; nothing when it is the only page. */
export function pager(page: number, hasMore: boolean, href: (n: number) => string, labels = { newer: '← Trang trước', older: 'Trang sau →' }): Html {
  if (page <= 1 && !hasMore) return html``;
  return html`<p class="pager">${page > 1 ? html`<a href="${href(page - 1)}">${labels.newer}</a> ` : ''}${hasMore ? html`<a href="${href(page + 1)}">${labels.older}</a>` : ''}</p>`;
}

/** Articles with a pager; `basePath` may carry a query already (search). */
export function articleList(list: ListPage, basePath: string, labels = { newer: '← Bài mới hơn', older: 'Bài cũ hơn →' }): Html {
  if (list.articles.length === 0) return html`<p>Chưa có bài viết.</p>`;
  const href = (n: number) => `${basePath || '/'}${basePath.includes('?') ? '&' : '?'}trang=${n}`;
  return html`<ol class="list">${list.articles.map(
    (a) => html`<li><a href="${articlePath(a.slug)}"><h2>${a.title}</h2></a>
<p class="meta"><a href="${themePath(a.theme)}">${themeInfo[a.theme].label}</a> · <a href="${unitPath(a.unitId)}">${a.unitName}</a> · <time datetime="${a.publishedAt.toISOString()}">${formatVnDate(a.publishedAt)}</time></p>
${a.summary ? html`<p>${a.summary}</p>` : ''}</li>`,
  )}</ol>${pager(list.page, list.hasMore, href, labels)}`;
}

export function homePage(publicUrl: string, list: ListPage, units: { id: string; name: string; articles: number }[]): string {
  return renderPage({
    publicUrl,
    title: SITE_NAME,
    description: SITE_TAGLINE,
    canonicalPath: list.page > 1 ? `/?trang=${list.page}` : '/',
    feeds: [SITE_FEEDS],
    main: html`<h1>Bài viết mới</h1>
${articleList(list, '')}
${units.length ? html`<h2>Theo đơn vị</h2><ul class="ways">${units.map((u) => html`<li><a href="${unitPath(u.id)}">${u.name}</a> (${u.articles})</li>`)}</ul>` : ''}`,
  });
}

export function themePage(publicUrl: string, theme: Theme, list: ListPage): string {
  const info = themeInfo[theme];
  const path = themePath(theme);
  return renderPage({
    publicUrl,
    title: info.label,
    description: info.description,
    canonicalPath: list.page > 1 ? `${path}?trang=${list.page}` : path,
    feeds: [{ label: `${SITE_NAME} – ${info.label}`, path }, SITE_FEEDS],
    activeTheme: theme,
    main: html`<h1>${info.label}</h1><p>${info.description}</p>${articleList(list, path)}`,
  });
}

export function unitPage(publicUrl: string, unit: { id: string; name: string }, list: ListPage): string {
  const path = unitPath(unit.id);
  return renderPage({
    publicUrl,
    title: unit.name,
    description: `Bài viết của ${unit.name} về tái hòa nhập cộng đồng`,
    canonicalPath: list.page > 1 ? `${path}?trang=${list.page}` : path,
    feeds: [{ label: `${SITE_NAME} – ${unit.name}`, path }, SITE_FEEDS],
    main: html`<h1>${unit.name}</h1>${articleList(list, path)}`,
  });
}

export interface ArticleView {
  article: ArticleFull;
  media: PublicMedia[];
  related: ArticleSummary[];
  /** The item's YouTube videos, shown as posters linking to the player page. */
  videos?: SiteVideo[];
}

/** The description shared by the page, its OpenGraph card and the feeds. */
export function articleDescription(a: { summary: string; body: string }): string {
  return excerpt(a.summary || a.body, 200);
}

function socialMeta(publicUrl: string, view: ArticleView): Html {
  const a = view.article;
  const video = view.media.find((m) => m.kind === 'video');
  return cardMeta(publicUrl, {
    type: 'article',
    title: a.title,
    description: articleDescription(a),
    path: articlePath(a.slug),
    // The version parameter makes Facebook and Zalo fetch a new card after an edit.
    image: { path: `${ogImagePath(a.slug)}?v=${a.updatedAt.getTime()}`, type: 'image/png', width: 1200, height: 630, alt: a.title },
    more: [
      ...(video ? ([['og:video', publicUrl + mediaPath(video.id)], ['og:video:type', video.mimeType]] as const) : []),
      ['article:published_time', a.publishedAt.toISOString()],
      ['article:modified_time', a.updatedAt.toISOString()],
      ['article:section', themeInfo[a.theme].label],
      ...a.hashtags.map((t) => ['article:tag', t.replace(/^#/, '')] as const),
    ],
  });
}

/** Share links that need no script: each platform's own share page, given the article's address. */
const SHARE_LINKS = [
  { name: 'Facebook', href: (url: string) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}` },
  { name: 'Zalo', href: (url: string) => `https://sp.zalo.me/share_inline?url=${encodeURIComponent(url)}` },
];

function shareLinks(url: string): Html {
  return html`<p class="share">Chia sẻ:${SHARE_LINKS.map((s) => html` <a href="${s.href(url)}" rel="noopener">${s.name}</a>`)}</p>`;
}

/** The photo's width on screen: the page column (42rem less its padding), or the phone's width. */
const PHOTO_SIZES = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';

/**
 * A photo phone-sized (../site/media.ts): the browser picks the 480 or 1280 px JPEG for the
 * screen; the first photo is in view when the page opens, the others load as the reader scrolls.
 */
function photo(m: PublicMedia, first: boolean): Html {
  const size = m.width && m.height ? html` width="${m.width}" height="${m.height}"` : '';
  const lazy = first ? '' : raw(' loading="lazy"');
  if (!RESIZABLE_IMAGES.has(m.mimeType)) return html`<img src="${mediaPath(m.id)}" alt="${m.altText ?? ''}"${lazy}${size}>`;
  const small = `${mediaPath(m.id)}?co=nho`;
  // 800 px is what a 360 px phone of pixel ratio 2 picks; 1280 only where the photo is that wide.
  const widths = [`${small} 480w`, `${mediaPath(m.id)}?co=vua 800w`, ...(m.width === null || m.width > 800 ? [`${mediaPath(m.id)}?co=lon 1280w`] : [])];
  const srcset = m.width !== null && m.width <= 480 ? '' : html` srcset="${widths.join(', ')}" sizes="${PHOTO_SIZES}"`;
  return html`<img src="${small}"${srcset} alt="${m.altText ?? ''}"${lazy}${size}>`;
}

function figure(m: PublicMedia, first = false): Html {
  const size = m.width && m.height ? html` width="${m.width}" height="${m.height}"` : '';
  if (m.kind === 'video') {
    return html`<figure><video controls preload="metadata" src="${mediaPath(m.id)}"${size}>
<a href="${mediaPath(m.id)}">Tải video (${m.originalName})</a></video>${m.altText ? html`<figcaption>${m.altText}</figcaption>` : ''}</figure>`;
  }
  return html`<figure>${photo(m, first)}${m.altText ? html`<figcaption>${m.altText}</figcaption>` : ''}</figure>`;
}

function dates(a: ArticleFull, edited: boolean, prop = ''): Html {
  return html`<time${prop ? raw(` itemprop="${prop}"`) : ''} datetime="${a.publishedAt.toISOString()}">${formatVnDate(a.publishedAt)}</time>${
    edited ? html` · cập nhật <time datetime="${a.updatedAt.toISOString()}">${formatVnDate(a.updatedAt)}</time>` : ''
  }`;
}

function articleStart(a: ArticleFull, edited: boolean): Html {
  return html`<article>
<p class="meta"><a href="${themePath(a.theme)}">${themeInfo[a.theme].label}</a></p>
<h1>${a.title}</h1>
<p class="meta"><a href="${unitPath(a.unitId)}">${a.unitName}</a> · ${dates(a, edited)}</p>
${a.summary ? html`<p class="lead">${a.summary}</p>` : ''}`;
}

/**
 * An answer to a citizen's question, marked up as a schema.org QAPage in microdata (no
 * script needed, so the CSP stays script-free). The three divs opened here close after the body.
 */
function qaArticleStart(publicUrl: string, a: ArticleFull, edited: boolean): Html {
  return html`<article itemscope itemtype="https://schema.org/QAPage">
<p class="meta"><a href="/hoi-dap">Hỏi – đáp</a> · <a href="${themePath(a.theme)}">${themeInfo[a.theme].label}</a></p>
<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
<h1 itemprop="name">${a.title}</h1>
<meta itemprop="answerCount" content="1"><meta itemprop="datePublished" content="${a.publishedAt.toISOString()}">
<span itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="Bạn đọc"></span>
<dl class="qa"><dt>Câu hỏi</dt><dd itemprop="text">${paragraphs(a.question ?? '')}</dd></dl>
<div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">
<meta itemprop="url" content="${`${publicUrl}${articlePath(a.slug)}#tra-loi`}"><meta itemprop="upvoteCount" content="0">
<h2 id="tra-loi">Trả lời</h2>
<p class="meta"><span itemprop="author" itemscope itemtype="https://schema.org/Organization"><a itemprop="url" href="${unitPath(a.unitId)}"><span itemprop="name">${a.unitName}</span></a></span> · ${dates(a, edited, 'dateCreated')}</p>
<div itemprop="text">
${a.summary ? html`<p class="lead">${a.summary}</p>` : ''}`;
}

export function articlePage(publicUrl: string, view: ArticleView): string {
  const a = view.article;
  const visual = view.media.filter((m) => m.kind !== 'document');
  const [hero, ...rest] = visual;
  const documents = view.media.filter((m) => m.kind === 'document');
  const edited = a.updatedAt.getTime() - a.publishedAt.getTime() > 60_000;
  return renderPage({
    publicUrl,
    title: a.title,
    description: articleDescription(a),
    canonicalPath: articlePath(a.slug),
    feeds: [SITE_FEEDS, { label: `${SITE_NAME} – ${themeInfo[a.theme].label}`, path: themePath(a.theme) }],
    head: socialMeta(publicUrl, view),
    activeTheme: a.theme,
    main: html`${a.question !== null ? qaArticleStart(publicUrl, a, edited) : articleStart(a, edited)}
${hero ? figure(hero, true) : ''}
${paragraphs(a.body)}${a.question !== null ? raw('</div></div></div>') : ''}${rest.map((m) => figure(m))}
${view.videos?.length ? html`<h2>Video</h2>${view.videos.map(videoCard)}` : ''}
${documents.length ? html`<h2>Tài liệu</h2><ul>${documents.map((d) => html`<li><a href="${mediaPath(d.id)}">${d.originalName}</a></li>`)}</ul>` : ''}
${a.hashtags.length ? html`<p class="tags">${a.hashtags.join(' ')}</p>` : ''}
${shareLinks(publicUrl + articlePath(a.slug))}
</article>
${view.related.length ? html`<h2>Cùng chủ đề</h2><ul>${view.related.map((r) => html`<li><a href="${articlePath(r.slug)}">${r.title}</a></li>`)}</ul>` : ''}`,
  });
}
