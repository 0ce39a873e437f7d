import type { ArticleSummary } from '../../core/site/queries.ts';
import { articlePath, unitPath } from '../../core/site/urls.ts';
import type { UnitNode } from '../../core/units.ts';
import { excerpt, formatVnDate } from './format.ts';
import { html, type Html, raw } from '../http/html.ts';
import { renderPage, SITE_NAME } from './layout.ts';
import { type ListPage, pager, SITE_FEEDS } from './pages.ts';
import { themeInfo, themes } from './themes.ts';

export const QA_PATH = '/hoi-dap';
export const ASK_PATH = '/hoi-dap/gui-cau-hoi';
export const ASKED_PATH = '/hoi-dap/da-gui';

/** Why the contact is asked for, shown on the form and after sending (Decree 13/2023 on personal data). */
const PURPOSE_NOTICE = html`<p class="notice">Tên và thông tin liên hệ <strong>không bắt buộc</strong>. Địa chỉ email hoặc số điện thoại chỉ dùng để báo cho bạn khi câu hỏi có câu trả lời; không bao giờ được đăng công khai và được <strong>xoá khỏi hệ thống khi câu hỏi được đóng</strong> (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân). Câu hỏi được cán bộ biên tập lại trước khi đăng cùng câu trả lời; đừng ghi số điện thoại, số CCCD hay địa chỉ nhà vào nội dung câu hỏi.</p>`;

function qaList(list: ListPage): Html {
  if (list.articles.length === 0) return html`<p>Chưa có câu hỏi nào được trả lời.</p>`;
  const href = (n: number) => `${QA_PATH}?trang=${n}`;
  return html`<ol class="list">${list.articles.map(
    (a: ArticleSummary) => html`<li><a href="${articlePath(a.slug)}"><h2>${a.title}</h2></a>
${a.question ? html`<p>Hỏi: ${excerpt(a.question, 200)}</p>` : ''}<p class="meta">Trả lời: <a href="${unitPath(a.unitId)}">${a.unitName}</a> · <time datetime="${a.publishedAt.toISOString()}">${formatVnDate(a.publishedAt)}</time></p></li>`,
  )}</ol>${pager(list.page, list.hasMore, href)}`;
}

export function qaIndexPage(publicUrl: string, list: ListPage): string {
  return renderPage({
    publicUrl,
    title: 'Hỏi – đáp',
    description: 'Hỏi – đáp về chính sách, thủ tục tái hòa nhập cộng đồng cho người chấp hành xong án phạt tù và gia đình',
    canonicalPath: list.page > 1 ? `${QA_PATH}?trang=${list.page}` : QA_PATH,
    feeds: [SITE_FEEDS],
    main: html`<h1>Hỏi – đáp</h1>
<p>Người chấp hành xong án phạt tù và gia đình có thể hỏi về chính sách, thủ tục, học nghề, việc làm, vay vốn… Cán bộ công an trả lời công khai tại đây.</p>
<p><a class="button" href="${ASK_PATH}">Gửi câu hỏi</a></p>
${qaList(list)}`,
  });
}

/** What the citizen typed, put back into the form after a refusal so nothing is lost. */
export interface AskFormValues {
  body: string;
  name: string;
  contact: string;
  unitId: string;
  theme: string;
}

export const emptyAskForm: AskFormValues = { body: '', name: '', contact: '', unitId: '', theme: '' };

/** The form's fields a refusal can name (`AppError.field`), each the id of its control. */
const FIELD_IDS = new Set(['/body', '/unitId', '/name', '/contact']);

const selected = (on: boolean) => (on ? raw(' selected') : '');

export function askPage(input: { units: UnitNode[]; token: string; values: AskFormValues; error?: { message: string; field?: string | undefined } }): string {
  const { values, error } = input;
  // A refusal about one field is said twice, the way a phone reader meets it: at the top (the
  // page opens there) with a link down to the field, and under the field itself, which is marked.
  const fieldId = error?.field && FIELD_IDS.has(error.field) ? error.field.slice(1) : null;
  const invalid = (field: string) => (fieldId === field ? html` aria-invalid="true" aria-describedby="${`loi-${field}`}"` : '');
  const below = (field: string) => (fieldId === field ? html`<span id="${`loi-${field}`}" class="field-error">${error!.message}</span>` : '');
  return renderPage({
    publicUrl: '',
    title: 'Gửi câu hỏi',
    description: `Gửi câu hỏi về tái hòa nhập cộng đồng tới cán bộ công an – ${SITE_NAME}`,
    canonicalPath: null,
    feeds: [SITE_FEEDS],
    main: html`<h1>Gửi câu hỏi</h1>
${error ? html`<p id="loi" class="error" role="alert">${error.message}${fieldId ? html` <a href="${`#${fieldId}`}">Đến ô cần sửa</a>` : ''}</p>` : ''}
<form class="form" method="post" action="${ASK_PATH}">
<input type="hidden" name="token" value="${input.token}">
<p class="hp" aria-hidden="true"><label for="website">Để trống ô này</label><input id="website" name="website" tabindex="-1" autocomplete="off"></p>
<p><label for="body">Câu hỏi của bạn</label><textarea id="body" name="body" rows="6" required minlength="20" maxlength="2000"${invalid('body')}>${values.body}</textarea>${below('body')}</p>
<p><label for="theme">Chủ đề</label><select id="theme" name="theme">${themes.map((t) => html`<option value="${t}"${selected(values.theme === t)}>${themeInfo[t].label}</option>`)}</select></p>
<p><label for="unitId">Gửi tới đơn vị (công an xã, phường, đặc khu nơi bạn ở — không bắt buộc)</label><select id="unitId" name="unitId"${invalid('unitId')}><option value="">— Không chọn —</option>${input.units.map(
      (u) => html`<option value="${u.id}"${selected(values.unitId === u.id)}>${'\u00a0\u00a0'.repeat(u.depth)}${u.name}</option>`,
    )}</select>${below('unitId')}</p>
<p><label for="name">Tên của bạn (không bắt buộc, không đăng công khai)</label><input id="name" name="name" maxlength="100" autocomplete="name" value="${values.name}"${invalid('name')}>${below('name')}</p>
<p><label for="contact">Email hoặc số điện thoại để nhận thông báo (không bắt buộc)</label><input id="contact" name="contact" maxlength="200" autocomplete="email" value="${values.contact}"${invalid('contact')}>${below('contact')}</p>
${PURPOSE_NOTICE}
<p><button type="submit">Gửi câu hỏi</button></p>
</form>`,
  });
}

export function askedPage(): string {
  return renderPage({
    publicUrl: '',
    title: 'Đã nhận câu hỏi',
    description: 'Đã nhận câu hỏi',
    canonicalPath: null,
    feeds: [SITE_FEEDS],
    main: html`<h1>Đã nhận câu hỏi của bạn</h1>
<p>Cảm ơn bạn. Câu hỏi đã được chuyển tới cán bộ phụ trách; câu trả lời sẽ được đăng tại mục <a href="${QA_PATH}">Hỏi – đáp</a>. Nếu bạn để lại email, bạn sẽ nhận thư báo khi có câu trả lời.</p>
${PURPOSE_NOTICE}
<p><a href="/">Về trang chủ</a> · <a href="${QA_PATH}">Xem các câu hỏi đã trả lời</a></p>`,
  });
}
