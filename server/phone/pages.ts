import type { OfficerItem, OfficerTask } from '../../core/manual/tasks.ts';
import { formatVnDayTime, VN_TIME_ZONE } from '../../lib/clock.ts';
import { html, type Html } from '../http/html.ts';
import { OFFLINE_NOTE } from './layout.ts';

export const taskPath = (deliveryId: string) => `/xa/nhiem-vu/${deliveryId}`;

const timeFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: VN_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** "08:05", Vietnam time. */
export const vnTime = (d: Date) => timeFormat.format(d);

/** "còn 3 giờ 20 phút" / "quá hạn 40 phút", from `now` to `deadline`. */
export function timeLeft(deadline: Date, now: Date): string {
  const ms = deadline.getTime() - now.getTime();
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const span = h >= 48 ? `${Math.round(h / 24)} ngày` : h > 0 ? `${h} giờ${m ? ` ${m} phút` : ''}` : `${m} phút`;
  return ms >= 0 ? `còn ${span}` : `quá hạn ${span}`;
}

export function stateBadge(t: Pick<OfficerTask, 'state' | 'late'>): Html {
  if (t.state === 'published') return t.late ? html`<span class="b late">Đã đăng (trễ)</span>` : html`<span class="b ok">Đã đăng</span>`;
  if (t.state === 'missed') return html`<span class="b miss">Quá hạn</span>`;
  return html`<span class="b open">Chưa đăng</span>`;
}

/**
 * A refused form's message, at the top where the page opens (with a link down to the field it
 * names), and the attributes that mark that field, as the public site's question form does:
 * a screen reader reading the field hears the message, and the field has a red border.
 */
export function refusal(message: Html | string | undefined, fields: readonly string[]): { alert: Html | ''; invalid: (field: string) => Html | '' } {
  if (!message) return { alert: '', invalid: () => '' };
  return {
    alert: html`<p id="loi" class="note miss" role="alert">${message}${fields[0] ? html` <a href="${`#${fields[0]}`}">Đến ô cần sửa</a>` : ''}</p>`,
    invalid: (field) => (fields.includes(field) ? html` aria-invalid="true" aria-describedby="loi"` : ''),
  };
}

/** `invalid`: the fields the refusal is about (a wrong password can be either field: both). */
export function loginPage(o: { next: string; email?: string; error?: string; invalid?: readonly ('email' | 'password')[] }): Html {
  const r = refusal(o.error, o.invalid ?? []);
  return html`<h1>Đăng nhập</h1>
<p class="meta">Dành cho cán bộ Công an xã, Cảnh sát khu vực đăng bài vào nhóm Zalo.</p>
${r.alert}
<form class="card" method="post" action="/xa/dang-nhap" data-send>
<input type="hidden" name="next" value="${o.next}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ''}"${r.invalid('email')}>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${r.invalid('password')}>
${OFFLINE_NOTE}<div class="row"><button class="btn full">Đăng nhập</button></div>
</form>`;
}

function groupRow(t: OfficerTask, now: Date, showUnit: boolean): Html {
  const open = t.state !== 'published';
  const when =
    t.state === 'published' && t.publishedAt
      ? `đăng lúc ${vnTime(t.publishedAt)}`
      : t.deadlineAt
        ? timeLeft(t.deadlineAt, now)
        : '';
  return html`<li><span>${t.channelName}<small>${showUnit ? `${t.unitName} · ` : ''}${t.memberCount ?? '?'} thành viên · ${when}</small></span>${
    !open ? stateBadge(t) : t.state === 'missed' ? html`<a class="btn late" href="${taskPath(t.deliveryId)}">Đăng trễ</a>` : html`<a class="btn" href="${taskPath(t.deliveryId)}">Đăng</a>`
  }</li>`;
}

export function listPage(o: { items: OfficerItem[]; truncated: boolean; now: Date; done?: { groupName: string; late: boolean } | null }): Html {
  const open = o.items.flatMap((i) => i.tasks).filter((t) => t.state !== 'published');
  const units = new Set(o.items.flatMap((i) => i.tasks.map((t) => t.unitName)));
  return html`<h1>Việc cần làm</h1>
${o.done ? html`<p class="note ${o.done.late ? 'late' : 'ok'}" role="status">Đã ghi nhận: ${o.done.groupName}${o.done.late ? ' (trễ hạn)' : ''}. Cảm ơn đồng chí!</p>` : ''}
<p class="meta">${open.length ? `Còn ${open.length} lượt đăng vào nhóm Zalo chưa xong.` : 'Không còn bài nào cần đăng.'} Cập nhật ${formatVnDayTime(o.now)}.</p>
${o.items.map((item) => {
  const deadline = item.tasks.find((t) => t.state !== 'published')?.deadlineAt;
  return html`<section class="card">
<h2>${item.title}</h2>
${deadline ? html`<p class="meta">Hạn đăng: ${formatVnDayTime(deadline)}${deadline < o.now ? ' (đã quá hạn)' : ''}</p>` : ''}
<ul class="g">${item.tasks.map((t) => groupRow(t, o.now, units.size > 1))}</ul>
</section>
`;
})}${o.truncated ? html`<p class="meta">Danh sách dài quá nên chỉ hiện các việc gần hạn nhất; làm xong sẽ hiện tiếp.</p>` : ''}`;
}

export function messagePage(o: { title: string; message: string; back?: string }): Html {
  return html`<h1>${o.title}</h1>
<p class="note miss" role="alert">${o.message}</p>
<p><a class="btn alt" href="${o.back ?? '/xa'}">Về danh sách việc</a></p>`;
}

/**
 * The global publishing freeze, on every officer page while it is on: a task opened before it
 * stays on the list, and its text would otherwise still invite a post into the group.
 */
export function freezeNotice(reason: string | null): Html {
  return html`<p class="note miss" role="alert">Đang tạm dừng đăng bài toàn hệ thống${reason ? html`: ${reason}` : ''}. Chưa đăng vào nhóm Zalo cho tới khi lệnh tạm dừng được gỡ.</p>
`;
}
