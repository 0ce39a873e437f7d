import { html } from '../http/html.ts';
import { renderPage, SITE_NAME } from './layout.ts';
import { articleList, type ListPage, SITE_FEEDS } from './pages.ts';

/**
 * The search results page (`/tim-kiem?q=`): a plain GET form in the header, so it works with
 * JavaScript off. Results are not indexed (noindex): each query would be a page of its own.
 */
export function searchPage(query: string, list: ListPage | null): string {
  const q = query.trim();
  let main;
  if (list === null) {
    main = html`<h1>Tìm kiếm</h1><p>Gõ vài từ vào ô tìm kiếm ở đầu trang, có dấu hay không dấu đều được (ví dụ: <a href="/tim-kiem?q=tai+hoa+nhap">tai hoa nhap</a>).</p>`;
  } else if (list.articles.length === 0 && list.page === 1) {
    main = html`<h1>Kết quả tìm “${q}”</h1><p>Không tìm thấy bài viết hay câu trả lời nào có đủ các từ này. Thử bớt từ hoặc dùng từ khác; nếu bạn cần hỏi, hãy <a href="/hoi-dap/gui-cau-hoi">gửi câu hỏi</a>.</p>`;
  } else {
    main = html`<h1>Kết quả tìm “${q}”</h1>${articleList(list, `/tim-kiem?q=${encodeURIComponent(q)}`, { newer: '← Trang trước', older: 'Trang sau →' })}`;
  }
  return renderPage({
    publicUrl: '',
    title: q ? `Tìm “${q}”` : 'Tìm kiếm',
    description: `Tìm bài viết và câu trả lời trên ${SITE_NAME}`,
    canonicalPath: null,
    feeds: [SITE_FEEDS],
    query: q,
    main,
  });
}
