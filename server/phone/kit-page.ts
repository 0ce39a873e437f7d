import type { MediaRow } from '../../core/deliveries/context.ts';
import { qrSvg } from '../../core/links/qr.ts';
import { formatVnDayTime } from '../../lib/clock.ts';
import { html, type Html, raw } from '../http/html.ts';
import { OFFLINE_NOTE } from './layout.ts';
import { timeLeft } from './pages.ts';
import { ZALO_SHARE } from './task-page.ts';

export interface KitPageInput {
  /** The secret link's path (`/chia-se/<token>`): the form posts back to it. */
  path: string;
  title: string;
  recipient: string;
  state: string;
  late: boolean;
  deadlineAt: Date | null;
  /** The text to post, carrying the recipient's own tracked link. */
  text: string;
  trackedUrl: string | null;
  images: MediaRow[];
  now: Date;
  error?: string | undefined;
  sent?: { permalink: string; reach: string } | undefined;
}

/**
 * A share kit as its recipient (a KOL, a large group's admin, a "người có uy tín") sees it on
 * a phone: complete with JavaScript off, like the commune officers' /xa pages.
 */
export function kitPage(p: KitPageInput): Html {
  const open = p.state === 'awaiting_officer' || p.state === 'missed';
  return html`<h1>${p.title}</h1>
<p class="meta">Bộ chia sẻ dành riêng cho: <b>${p.recipient}</b></p>
${p.deadlineAt && open ? html`<p class="meta">Mong bạn chia sẻ trước: ${formatVnDayTime(p.deadlineAt)} (${timeLeft(p.deadlineAt, p.now)})</p>` : ''}
${p.error ? html`<p class="note miss" role="alert">${p.error}</p>` : ''}
${
    open
      ? openKit(p)
      : p.state === 'published' || p.state === 'taken_down'
        ? html`<p class="note ok" role="status">Cảm ơn bạn! Đã ghi nhận bạn chia sẻ bài này${p.late ? ' (sau hạn)' : ''}.</p>`
        : html`<p class="note miss">Bộ chia sẻ này không còn dùng được (nội dung đã thay đổi hoặc bị rút). Không cần chia sẻ.</p>`
  }`;
}

function qr(url: string): Html {
  return raw(qrSvg(url).replace('<svg ', '<svg role="img" aria-label="Mã QR của liên kết riêng" '));
}

function openKit(p: KitPageInput): Html {
  return html`<section class="card">
<h2>1. Nội dung để đăng</h2>
<p class="meta">Chạm giữ vào ô dưới, chọn "Chọn tất cả" rồi "Sao chép", sau đó dán vào trang, nhóm hoặc kênh của bạn.</p>
<textarea id="text" readonly rows="10" aria-label="Nội dung để đăng">${p.text}</textarea>
<div class="row"><button type="button" class="btn" data-copy="text" hidden>Sao chép nội dung</button><button type="button" class="btn alt" data-share="text" hidden>Chia sẻ…</button></div>
${p.trackedUrl ? html`<p class="meta">Liên kết riêng của bạn (đã có trong nội dung; dùng để biết bài của bạn được xem bao nhiêu lần):</p>
<p class="link">${p.trackedUrl}</p>
<div class="row"><a class="btn alt" href="${ZALO_SHARE + encodeURIComponent(p.trackedUrl)}" rel="noopener">Chia sẻ liên kết qua Zalo</a></div>
<figure>${qr(p.trackedUrl)}<figcaption>Mã QR của liên kết riêng (để in hoặc cho người khác quét)</figcaption></figure>` : ''}
</section>
${p.images.length ? html`<section class="card">
<h2>2. Ảnh đăng kèm</h2>
<div class="imgs">${p.images.map(
    (m, i) => html`<figure><img src="${`${p.path}/anh/${m.id}?co=nho`}" alt="${m.altText ?? `Ảnh ${i + 1}`}" width="${m.width ?? 480}" height="${m.height ?? 360}" loading="lazy">
<figcaption><a href="${`${p.path}/anh/${m.id}?co=lon`}" download>Tải ảnh ${i + 1}</a></figcaption></figure>`,
  )}</div>
</section>` : ''}
<section class="card">
<h2>${p.images.length ? '3' : '2'}. Báo lại khi đã chia sẻ</h2>
<form method="post" action="${p.path}" data-send>
<label for="permalink">Liên kết bài bạn đã đăng <small>(không bắt buộc)</small></label>
<input id="permalink" name="permalink" type="url" inputmode="url" placeholder="https://…" value="${p.sent?.permalink ?? ''}">
<label for="reach">Số người bạn thấy đã tiếp cận (người theo dõi, thành viên nhóm hoặc lượt xem) <small>(không bắt buộc)</small></label>
<input id="reach" name="reach" type="text" inputmode="numeric" value="${p.sent?.reach ?? ''}">
${OFFLINE_NOTE}<div class="row"><button class="btn full">Tôi đã chia sẻ</button></div>
</form>
</section>`;
}
