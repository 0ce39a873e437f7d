import { themePath } from '../../core/site/urls.ts';
import { html, type Html, raw } from '../http/html.ts';
import { themeInfo, themes, type Theme } from './themes.ts';

export const SITE_NAME = 'Con đường hướng thiện';
export const SITE_TAGLINE = 'Tuyên truyền về tái hòa nhập cộng đồng cho người chấp hành xong án phạt tù';

/** A set of the three feeds of one scope; `path` is the scope's page ('' for the whole site). */
export interface FeedSet {
  label: string;
  path: string;
}

export const feedFormats = [
  { file: 'feed.xml', type: 'application/rss+xml', name: 'RSS' },
  { file: 'atom.xml', type: 'application/atom+xml', name: 'Atom' },
  { file: 'feed.json', type: 'application/feed+json', name: 'JSON Feed' },
] as const;

export interface PageInput {
  publicUrl: string;
  /** The document title; the site name is appended. */
  title: string;
  description: string;
  /** Null for pages that must not be indexed (errors): no canonical link, `noindex`. */
  canonicalPath: string | null;
  feeds: FeedSet[];
  /**
   * The page's own OpenGraph and Twitter card elements. Without them, an indexed page gets a
   * plain `website` card (title, description, address) so a link shared on Facebook or Zalo
   * still shows what it is.
   */
  head?: Html;
  main: Html;
  activeTheme?: Theme;
  /** The search box's current text (on the search page, where the menu with the box starts open). */
  query?: string;
}

/**
 * Mobile-first, no JavaScript, no web fonts, no external requests: readable on a cheap
 * phone over a weak connection. Kept small because it is inlined in every page.
 */
const CSS = raw(
  '*{box-sizing:border-box}' +
    'body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;background:#fff}' +
    'a{color:#9b1c1c}header{background:#9b1c1c;color:#fff;padding:.5rem 1rem;position:relative}header a{color:#fff;text-decoration:none}' +
    '.brand{display:inline-block;font-weight:700;font-size:1.1rem;line-height:1.3;padding:.55rem 0;min-height:44px;max-width:calc(100% - 6.5rem)}.tagline{margin:0;font-size:.85rem;opacity:.9}' +
    // On a phone the menu, the tagline and the search fold under one button (a <details>: no script
    // needed, Enter or Space opens it); from 48rem they show as before and the button goes.
    '.menu>summary{position:absolute;top:.5rem;right:1rem;min-height:44px;display:flex;align-items:center;gap:.4rem;padding:0 .6rem;border:1px solid #fff9;border-radius:3px;cursor:pointer;list-style:none;font-size:.9rem}' +
    '.menu>summary::-webkit-details-marker{display:none}.menu>summary::before{content:"";width:16px;height:12px;border:solid #fff;border-width:2px 0;background:linear-gradient(#fff,#fff) center/100% 2px no-repeat}' +
    '.menu[open]{padding:0 0 .5rem}' +
    'nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:0 1rem;font-size:.95rem}nav a{display:inline-block;padding:.65rem 0}' +
    'nav a[aria-current]{text-decoration:underline}form.search{display:flex;gap:.3rem;margin:.5rem 0 0;max-width:26rem}' +
    'form.search input{flex:1;min-width:0;font:inherit;padding:.55rem .5rem;border:1px solid #fff;border-radius:3px}' +
    'form.search button,.form button{font:inherit;padding:.55rem .8rem;border-radius:3px;border:1px solid #fff;background:#7a1515;color:#fff}' +
    'main,footer{max-width:42rem;margin:0 auto;padding:1rem}' +
    'h1{font-size:1.6rem;line-height:1.3;margin:.25rem 0 .5rem}h2{font-size:1.15rem;line-height:1.35;margin:0}' +
    '.meta,.tags,figcaption{color:#555;font-size:.9rem;margin:.25rem 0}.lead{font-weight:600}' +
    'ol.list{list-style:none;padding:0;margin:0}ol.list li{padding:.75rem 0;border-bottom:1px solid #ddd}ol.list p{margin:.25rem 0}' +
    'img,video{max-width:100%;height:auto;display:block}figure{margin:1rem 0}footer{border-top:1px solid #ddd;color:#555;font-size:.9rem}' +
    '.form label{display:block;font-weight:600}.form input,.form select,.form textarea{width:100%;min-height:44px;font:inherit;padding:.4rem;border:1px solid #767676;border-radius:3px}' +
    '.form button,a.button{background:#9b1c1c;border-color:#9b1c1c;color:#fff;text-decoration:none;display:inline-block;padding:.65rem 1rem;border-radius:3px}' +
    '.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}.notice{font-size:.9rem;color:#444;background:#f6f6f6;padding:.6rem;border-left:3px solid #9b1c1c}' +
    '.error{color:#9b1c1c;font-weight:600;border:2px solid #9b1c1c;padding:.6rem}.field-error{display:block;color:#9b1c1c;font-weight:600;margin:.25rem 0 0}.form [aria-invalid=true]{border:2px solid #9b1c1c}.qa dt{font-weight:700;margin-top:1rem}.qa dd{margin:0}' +
    'a.video{display:block;position:relative;background:#222;color:#fff;text-decoration:none;border-radius:4px;overflow:hidden}a.video img{width:100%;height:auto;opacity:.85}' +
    'a.video span{display:block;padding:.6rem .8rem;font-weight:600}.player{position:relative;padding-top:56.25%}.player iframe{position:absolute;inset:0;width:100%;height:100%;border:0}' +
    // Thumb-sized targets on a phone (≥ 44 px tall): the name, the menu, the share buttons, the feeds, the pager, the
    // lists of ways on (units, an error page's way back); other list links spaced.
    '.share a{display:inline-block;padding:.6rem 1rem;margin:.25rem .5rem 0 0;border:1px solid #9b1c1c;border-radius:3px;text-decoration:none}' +
    'footer a,.pager a,ul.ways a{display:inline-block;padding:.7rem 0}.pager a{margin-right:1.5rem}main ul li{margin:.6rem 0}main ul.ways li{margin:0}' +
    '.skip{position:absolute;left:-10000px}.skip:focus{position:static;display:block;background:#fff;color:#9b1c1c;padding:.4rem 1rem}' +
    // The browser's own focus ring is dark: invisible on the red header. White there, red elsewhere.
    'a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #9b1c1c;outline-offset:2px}' +
    'header a:focus-visible,header button:focus-visible,header input:focus-visible{outline-color:#fff}' +
    '@media (min-width:48rem){body{font-size:17px}h1{font-size:2rem}.brand{padding:0;font-size:1.3rem;max-width:none}header{padding:.75rem 1rem}' +
    '@supports selector(::details-content){.menu>summary{display:none}.menu::details-content{content-visibility:visible;display:block}}}',
);

export function feedLinks(publicUrl: string, feeds: FeedSet[]): Html {
  return html`${feeds.flatMap((f) =>
    feedFormats.map(
      (fmt) => html`<link rel="alternate" type="${fmt.type}" title="${`${f.label} (${fmt.name})`}" href="${`${publicUrl}${f.path}/${fmt.file}`}">\n`,
    ),
  )}`;
}

/** A card's picture: its path under the public URL, and what Facebook needs to show it before fetching it. */
export interface CardImage {
  path: string;
  type?: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface Card {
  type: 'website' | 'article' | 'video.other';
  title: string;
  description: string;
  path: string;
  image?: CardImage;
  /** More OpenGraph properties of the type (`og:video`, `article:*`), in order; a property may repeat (tags). */
  more?: readonly (readonly [property: string, content: string])[];
}

/**
 * A page's OpenGraph and Twitter card: what Facebook and Zalo show when its address is shared.
 * X reads title, description and image from the OpenGraph tags when its own are absent.
 */
export function cardMeta(publicUrl: string, c: Card): Html {
  const og = (property: string, content: string | number | undefined) =>
    content === undefined ? '' : html`<meta property="${property}" content="${String(content)}">\n`;
  const img = c.image;
  return html`${og('og:type', c.type)}${og('og:site_name', SITE_NAME)}${og('og:locale', 'vi_VN')}${og('og:title', c.title)}${og('og:description', c.description)}${og(
    'og:url',
    publicUrl + (c.path || '/'),
  )}${img ? [og('og:image', publicUrl + img.path), og('og:image:type', img.type), og('og:image:width', img.width), og('og:image:height', img.height), og('og:image:alt', img.alt)] : ''}${(
    c.more ?? []
  ).map(([property, content]) => og(property, content))}<meta name="twitter:card" content="${img ? 'summary_large_image' : 'summary'}">
`;
}

/** The campaign's own card (`/og/_site.png`): what a shared page without a picture of its own shows. */
export const SITE_CARD_PATH = '/og/_site.png';

function websiteMeta(p: PageInput): Html {
  if (p.canonicalPath === null || !p.publicUrl) return html``;
  return cardMeta(p.publicUrl, {
    type: 'website',
    title: p.title,
    description: p.description,
    path: p.canonicalPath,
    image: { path: SITE_CARD_PATH, type: 'image/png', width: 1200, height: 630, alt: SITE_NAME },
  });
}

export function renderPage(p: PageInput): string {
  const canonical =
    p.canonicalPath === null ? raw('<meta name="robots" content="noindex">') : html`<link rel="canonical" href="${p.publicUrl + (p.canonicalPath || '/')}">`;
  const fullTitle = p.title === SITE_NAME ? SITE_NAME : `${p.title} – ${SITE_NAME}`;
  const doc = html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${p.description}">
${canonical}
${feedLinks(p.publicUrl, p.feeds)}${p.head ?? websiteMeta(p)}<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header>
<a class="brand" href="/">${SITE_NAME}</a>
<details class="menu"${p.query === undefined ? '' : raw(' open')}><summary>Danh mục</summary>
<p class="tagline">${SITE_TAGLINE}</p>
<nav aria-label="Chủ đề"><ul>${themes.map(
    (t) => html`<li><a href="${themePath(t)}"${p.activeTheme === t ? raw(' aria-current="page"') : ''}>${themeInfo[t].label}</a></li>`,
  )}<li><a href="/hoi-dap">Hỏi – đáp</a></li><li><a href="/video">Video</a></li></ul></nav>
<form class="search" role="search" action="/tim-kiem" method="get"><input type="search" name="q" value="${p.query ?? ''}" aria-label="Tìm bài viết" placeholder="Tìm bài viết, câu hỏi…" maxlength="200"><button type="submit">Tìm</button></form>
</details>
</header>
<main id="noi-dung">
${p.main}
</main>
<footer>
<p>Theo dõi bài mới: ${feedFormats.map((fmt, i) => html`${i > 0 ? ' · ' : ''}<a href="${`${p.feeds[0]?.path ?? ''}/${fmt.file}`}">${fmt.name}</a>`)}</p>
<p>Trang thông tin tuyên truyền về tái hòa nhập cộng đồng trên không gian mạng, thực hiện Kế hoạch 563/KH-BCA-C11 của Bộ Công an.</p>
</footer>
</body>
</html>
`;
  return doc.value;
}
