import type { SiteVideo } from '../../core/site/videos.ts';
import { articlePath } from '../../core/site/urls.ts';
import { excerpt, formatVnDate } from './format.ts';
import { html, paragraphs } from '../http/html.ts';
import { cardMeta, renderPage, SITE_NAME } from './layout.ts';
import { pager, SITE_FEEDS } from './pages.ts';
import { PLAYER_ORIGIN, posterPath, VIDEO_PATH, videoCard, videoPath, videoTitle } from './video-card.ts';

export function videosPage(publicUrl: string, videos: SiteVideo[], page: number, hasMore: boolean): string {
  const href = (n: number) => `${VIDEO_PATH}?trang=${n}`;
  const description = `Video tự bạch, gương điển hình và hướng dẫn của chiến dịch ${SITE_NAME}`;
  return renderPage({
    publicUrl,
    title: 'Video',
    description,
    canonicalPath: page > 1 ? href(page) : VIDEO_PATH,
    feeds: [SITE_FEEDS],
    main: html`<h1>Video</h1>
<p>Phóng sự, lời tự bạch và gương hoàn lương. Video chỉ được tải từ YouTube khi bạn bấm xem.</p>
${videos.length === 0 ? html`<p>Chưa có video.</p>` : html`<ol class="list">${videos.map(
      (v) => html`<li>${videoCard(v)}<p class="meta"><time datetime="${v.publishedAt.toISOString()}">${formatVnDate(v.publishedAt)}</time></p>${v.summary ? html`<p>${excerpt(v.summary, 200)}</p>` : ''}</li>`,
    )}</ol>`}
${pager(page, hasMore, href)}`,
  });
}

export function playerPage(publicUrl: string, v: SiteVideo): string {
  const description = excerpt(v.summary || v.title, 200);
  return renderPage({
    publicUrl,
    title: v.title,
    description,
    canonicalPath: videoPath(v.deliveryId),
    feeds: [SITE_FEEDS],
    head: cardMeta(publicUrl, { type: 'video.other', title: v.title, description, path: videoPath(v.deliveryId), ...(v.posterMediaId ? { image: { path: posterPath(v.deliveryId), type: 'image/jpeg', alt: v.title } } : {}) }),
    main: html`<h1>${v.title}</h1>
<div class="player"><iframe src="${`${PLAYER_ORIGIN}/embed/${v.videoId}?autoplay=1&rel=0`}" title="${videoTitle(v.title)}" allow="autoplay; encrypted-media; picture-in-picture" allowfullscreen loading="eager"></iframe></div>
${v.summary ? html`<p class="lead">${v.summary}</p>` : ''}
${paragraphs(v.body)}<p>${v.articleSlug ? html`<a href="${articlePath(v.articleSlug)}">Đọc bài viết</a> · ` : ''}<a href="${`https://www.youtube.com/watch?v=${v.videoId}`}" rel="noopener">Xem trên YouTube</a> · <a href="${VIDEO_PATH}">Các video khác</a></p>`,
  });
}
