import { MAX_PROOF_BYTES } from '../../core/manual/proofs.ts';
import type { OfficerTaskDetail } from '../../core/manual/tasks.ts';
import { formatVnDayTime } from '../../lib/clock.ts';
import { html, type Html } from '../http/html.ts';
import { OFFLINE_NOTE, PROGRESS } from './layout.ts';
import { refusal, stateBadge, taskPath, timeLeft } from './pages.ts';

/** The screenshot's limit as the form states it (and the refusal of a larger one repeats it). */
export const PROOF_LIMIT = `${MAX_PROOF_BYTES / (1024 * 1024)} MB`;

/**
 * Zalo's web share entry (opens Zalo to pick a chat or group). Zalo documents only its
 * script-based share plugin (platform-apis.md §3.11, which needs JavaScript and a
 * third-party script); this plain-link form of the same host is used widely but is
 * UNVERIFIED, so the page always offers the copy box and the tracked link as well.
 */
export const ZALO_SHARE = 'https://sp.zalo.me/share_inline?url=';

export interface TaskPageInput {
  detail: OfficerTaskDetail;
  /** The text to paste, with this group's tracked link in it. */
  text: string;
  trackedUrl: string | null;
  now: Date;
  /** The session's CSRF token for the confirmation form. */
  csrfToken: string;
  error?: string | undefined;
  /** The field the refusal names (`AppError.field`, `/memberCount`), marked on the form. */
  field?: string | undefined;
  /** Values sent with a refused form, shown again. */
  sent?: { permalink: string; memberCount: string } | undefined;
  /** The refused form carried a screenshot: a browser never fills a file field again, so the page asks for it. */
  reselect?: boolean | undefined;
}

/** The confirmation form's fields a refusal can name, each the id of its control. */
const FIELDS = ['memberCount', 'permalink', 'screenshot'];

export function taskPage(p: TaskPageInput): Html {
  const { context: c, confirmation } = p.detail;
  const d = c.delivery;
  const state = d.state === 'published' || d.state === 'missed' ? d.state : 'awaiting_officer';
  const title = typeof c.revision.rendering?.title === 'string' ? c.revision.rendering.title : '';
  const images = c.media.filter((m) => m.kind === 'image');
  const groupUrl = typeof c.channel.settings.groupUrl === 'string' ? c.channel.settings.groupUrl : null;
  const open = d.state === 'awaiting_officer' || d.state === 'missed';
  const r = refusal(p.error && html`${p.error}${p.reselect ? html`<span data-reselect> Ảnh chụp màn hình chưa được lưu: hãy chọn lại ảnh.</span>` : ''}`, FIELDS.filter((f) => `/${f}` === p.field));
  return html`<p><a class="back" href="/xa">Về danh sách việc</a></p>
<h1>${title}</h1>
<p class="meta">Nhóm: <b>${c.channel.name}</b> ${stateBadge({ state, late: d.late })}</p>
${d.deadlineAt ? html`<p class="meta">Hạn: ${formatVnDayTime(d.deadlineAt)} (${timeLeft(d.deadlineAt, p.now)})</p>` : ''}
${d.state === 'missed' ? html`<p class="note late">Đã quá hạn nhưng vẫn nên đăng: xác nhận sẽ được ghi nhận là đăng trễ.</p>` : ''}
${r.alert}
${
    open
      ? openTask(p, images, groupUrl, r.invalid)
      : d.state === 'published' || d.state === 'taken_down'
        ? doneTask(d.publishedAt, d.late, confirmation?.permalink ?? null)
        : html`<p class="note miss">${d.state === 'cancelled' ? 'Lượt đăng này đã bị huỷ (nội dung đã thay đổi hoặc bị rút). Không cần đăng.' : 'Chưa đến giờ đăng bài này.'}</p>`
  }`;
}

function openTask(p: TaskPageInput, images: OfficerTaskDetail['context']['media'], groupUrl: string | null, invalid: (field: string) => Html | ''): Html {
  const id = p.detail.context.delivery.id;
  const members = p.sent?.memberCount ?? String(p.detail.context.channel.memberCount ?? '');
  return html`<section class="card">
<h2>1. Sao chép nội dung</h2>
<p class="meta">Chạm giữ vào ô dưới, chọn "Chọn tất cả" rồi "Sao chép", sau đó dán vào nhóm Zalo.</p>
<textarea id="text" readonly rows="10" aria-label="Nội dung để đăng">${p.text}</textarea>
<div class="row"><button type="button" class="btn" data-copy="text" hidden>Sao chép nội dung</button><button type="button" class="btn alt" data-share="text" hidden>Chia sẻ…</button></div>
${p.trackedUrl ? html`<p class="meta">Liên kết riêng của nhóm này (đã có trong nội dung, dùng để đếm lượt xem):</p>
<p class="link">${p.trackedUrl}</p>
<div class="row"><a class="btn alt" href="${ZALO_SHARE + encodeURIComponent(p.trackedUrl)}" rel="noopener">Chia sẻ liên kết qua Zalo</a>${
    groupUrl ? html`<a class="btn alt" href="${groupUrl}" rel="noopener">Mở nhóm Zalo</a>` : ''
  }</div>` : ''}
</section>
${images.length ? html`<section class="card">
<h2>2. Ảnh đăng kèm</h2>
<p class="meta">Tải ảnh về máy rồi gửi vào nhóm cùng nội dung.</p>
<div class="imgs">${images.map(
    (m, i) => html`<figure><img src="/xa/anh/${id}/${m.id}?co=nho" alt="${m.altText ?? `Ảnh ${i + 1}`}" width="${m.width ?? 480}" height="${m.height ?? 360}" loading="lazy">
<figcaption><a href="/xa/anh/${id}/${m.id}?co=lon" download>Tải ảnh ${i + 1}</a></figcaption></figure>`,
  )}</div>
</section>` : ''}
<section class="card">
<h2>${images.length ? '3' : '2'}. Xác nhận đã đăng</h2>
<form method="post" action="${taskPath(id)}/xac-nhan" enctype="multipart/form-data" data-send>
<input type="hidden" name="_csrf" value="${p.csrfToken}">
<label for="memberCount">Số thành viên nhóm lúc này</label>
<input id="memberCount" name="memberCount" type="number" inputmode="numeric" min="0" max="1000000" value="${members}"${invalid('memberCount')}>
<label for="permalink">Liên kết bài đã đăng <small>(không bắt buộc)</small></label>
<input id="permalink" name="permalink" type="url" inputmode="url" placeholder="https://zalo.me/…" value="${p.sent?.permalink ?? ''}"${invalid('permalink')}>
<label for="screenshot">Ảnh chụp màn hình <small>(không bắt buộc; tối đa ${PROOF_LIMIT}; chỉ lãnh đạo đơn vị xem được)</small></label>
<div class="${invalid('screenshot') ? 'file bad' : 'file'}"><input id="screenshot" name="screenshot" type="file" accept="image/*" data-max="${MAX_PROOF_BYTES}"${invalid('screenshot')}><span class="btn alt" aria-hidden="true">Chọn ảnh</span><span data-file>Chưa chọn ảnh</span></div>
${PROGRESS}${OFFLINE_NOTE}<div class="row"><button class="btn full">Đã đăng vào nhóm này</button></div>
</form>
</section>`;
}

function doneTask(publishedAt: Date | null, late: boolean, permalink: string | null): Html {
  return html`<p class="note ${late ? 'late' : 'ok'}">Đã xác nhận đăng${publishedAt ? ` lúc ${formatVnDayTime(publishedAt)}` : ''}${late ? ' (trễ hạn)' : ''}.</p>
${permalink ? html`<p class="meta">Bài đã đăng: <a href="${permalink}" rel="noopener">${permalink}</a></p>` : ''}`;
}
