import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from '../http/html.ts';
import { sendUncached } from '../http/cache.ts';
import { PUBLIC_HEADERS } from './http-cache.ts';
import { renderPage, SITE_NAME } from './layout.ts';

/**
 * Error pages of the public site in its own look, each with a way back. A citizen who
 * follows an old or mistyped link must see a page, not JSON; `/api` and the tools keep
 * problem+json (see `wantsSitePage`).
 */
const pages: Record<'notFound' | 'gone' | 'badRequest' | 'serverError', { title: string; main: Html }> = {
  notFound: {
    title: 'Không tìm thấy trang',
    main: html`<h1>Không tìm thấy trang</h1><p>Trang bạn tìm không có hoặc đã đổi địa chỉ.</p>`,
  },
  // A taken-down article: the reason is internal and never shown.
  gone: {
    title: 'Bài viết đã được gỡ',
    main: html`<h1>Bài viết đã được gỡ</h1><p>Bài viết này không còn được đăng trên trang.</p>`,
  },
  badRequest: {
    title: 'Địa chỉ không hợp lệ',
    main: html`<h1>Địa chỉ không hợp lệ</h1><p>Địa chỉ trang có phần không đúng (có thể do bị cắt khi sao chép).</p>`,
  },
  serverError: {
    title: 'Trang đang gặp sự cố',
    main: html`<h1>Trang đang gặp sự cố</h1><p>Hệ thống đang gặp lỗi; sự cố đã được ghi lại. Bạn vui lòng thử lại sau ít phút.</p>`,
  },
};

/** Where to go from an error page: the home page and the other site sections. */
const WAY_BACK = html`<ul class="ways"><li><a href="/">Về trang chủ</a></li><li><a href="/tim-kiem">Tìm bài viết</a></li><li><a href="/hoi-dap">Hỏi – đáp</a></li></ul>`;

function kindOf(status: number): keyof typeof pages {
  if (status === 404) return 'notFound';
  if (status === 410) return 'gone';
  return status >= 500 ? 'serverError' : 'badRequest';
}

export function errorPage(status: number): string {
  const page = pages[kindOf(status)];
  return renderPage({
    publicUrl: '',
    title: page.title,
    description: `${page.title} – ${SITE_NAME}`,
    canonicalPath: null,
    feeds: [{ label: SITE_NAME, path: '' }],
    main: html`${page.main}${WAY_BACK}`,
  });
}

/** Paths whose callers are programs: they keep problem+json whatever they accept. */
const MACHINE_PATHS = /^\/(?:api|docs|health|metrics)(?:[/?.]|$)/;

/**
 * Whether an error on this request is answered with an HTML page: everything a browser
 * opens outside the API and tools, unless the caller asked for JSON and not HTML.
 */
export function wantsSitePage(request: FastifyRequest): boolean {
  if (MACHINE_PATHS.test(request.url)) return false;
  const accept = String(request.headers.accept ?? '');
  return !/json/i.test(accept) || /text\/html/i.test(accept);
}

export function sendErrorPage(reply: FastifyReply, status: number): FastifyReply {
  const sent = reply
    .status(status)
    .headers(PUBLIC_HEADERS)
    // A 404 or 410 may be cached briefly like any page; a failure must not be.
    .header('cache-control', status >= 500 ? 'no-store' : 'public, max-age=60');
  return sendUncached(sent, 'text/html; charset=utf-8', errorPage(status));
}
