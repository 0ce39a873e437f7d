import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoSimulators } from './simulators.ts';

/**
 * One read-only page showing what each simulated platform received, so a demo user can
 * see the other side of every delivery. Local only (127.0.0.1), no script.
 */
export interface Inspector {
  url: string;
  close(): Promise<void>;
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const time = (d: Date) => d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

function section(title: string, note: string, rows: string[][], head: string[]): string {
  const body = rows.length
    ? `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`
    : '<p><em>Chưa nhận được gì.</em></p>';
  return `<h2>${esc(title)}</h2><p class="note">${esc(note)}</p>${body}`;
}

export function inspectorPage(sims: DemoSimulators): string {
  const wp = (s: DemoSimulators['newspaper']) =>
    s.state.posts.map((p) => [String(p.id), p.title, p.status, p.featuredMedia ? `ảnh #${p.featuredMedia}` : '—', p.dateGmt]);
  const parts = [
    section(
      'Cổng TTĐT Sở Tư pháp (webhook)',
      `${sims.portal.url} · chữ ký kiểm bằng thư viện standardwebhooks · bị từ chối: ${sims.portal.rejectedSignatures}`,
      sims.portal.posts.map((p) => [p.id, p.title ?? '', p.webhookId, time(p.receivedAt), p.unpublishedAt ? 'đã gỡ' : 'đang hiển thị']),
      ['Mã', 'Tiêu đề', 'webhook-id', 'Nhận lúc', 'Trạng thái'],
    ),
    section('Báo Bình Định (WordPress)', sims.newspaper.baseUrl, wp(sims.newspaper), ['Mã', 'Tiêu đề', 'Trạng thái', 'Ảnh đại diện', 'Giờ đăng (GMT)']),
    section('Đài PT-TH Bình Định (WordPress)', `${sims.radioTv.baseUrl} · kênh trong Loa giữ mật khẩu cũ đã bị thu hồi`, wp(sims.radioTv), [
      'Mã',
      'Tiêu đề',
      'Trạng thái',
      'Ảnh đại diện',
      'Giờ đăng (GMT)',
    ]),
    section(
      'Fanpage Con đường hướng thiện (Graph API)',
      sims.graph.baseUrl,
      sims.graph.state.posts.map((p) => [p.id, p.message.slice(0, 140), p.kind, p.published ? 'đã đăng' : 'hẹn giờ', time(p.createdTime)]),
      ['Mã', 'Nội dung', 'Loại', 'Trạng thái', 'Tạo lúc'],
    ),
    section(
      'Kênh YouTube Con đường hướng thiện (Data API v3)',
      sims.youtube.apiBaseUrl,
      sims.youtube.state.videos.map((v) => [
        v.id,
        v.snippet.title,
        v.status.privacyStatus,
        sims.youtube.state.thumbnails.some((t) => t.videoId === v.id) ? 'có ảnh bìa' : '—',
        `${Math.round(v.sizeBytes / 1024)} KB`,
      ]),
      ['Mã', 'Tiêu đề', 'Quyền xem', 'Ảnh bìa', 'Dung lượng'],
    ),
    section(
      'Zalo OA Công an tỉnh Bình Định (Open API)',
      `${sims.zalo.baseUrl} · khung giờ gửi tin 06:00–20:00; ngoài giờ Loa hẹn lại, không tính là lỗi`,
      sims.zalo.state.articles.map((a) => {
        const sent = sims.zalo.state.broadcasts.find((b) => b.articleId === a.id);
        return [a.id, a.title, a.removed ? 'đã gỡ' : a.status, sent ? `đã gửi ${time(sent.at)}` : 'chưa gửi', time(a.createdAt)];
      }),
      ['Mã', 'Tiêu đề', 'Trạng thái', 'Gửi tới người quan tâm', 'Tạo lúc'],
    ),
  ];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Loa demo – các nền tảng mô phỏng</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;font-size:.9rem}.note{color:#555}</style>
</head><body><h1>Các nền tảng mô phỏng của bản demo</h1><p>Trang tự làm mới mỗi 5 giây.</p>${parts.join('\n')}</body></html>`;
}

export async function startInspector(sims: DemoSimulators): Promise<Inspector> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/') !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Không có trang này');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    res.end(inspectorPage(sims));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
