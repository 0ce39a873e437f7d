import { demoChannels } from './channel-data.ts';
import { allDemoUsers, DEMO_PASSWORD, PROVINCE_NAME } from './org-data.ts';
import type { DemoEndpoints } from './simulators.ts';
import type { DemoStatus } from './status.ts';

/** The closing message of `npm run demo`, in Vietnamese: where to look and how to sign in. */
export interface BannerInput {
  publicUrl: string;
  inspectorUrl: string;
  created: boolean;
  settled: boolean;
  status: DemoStatus;
  endpoints: DemoEndpoints;
  radioTvChannelId: string | undefined;
}

const itemStates: Record<string, string> = {
  draft: 'bản nháp',
  in_review: 'chờ duyệt',
  rejected: 'bị từ chối',
  approved: 'đã duyệt',
  superseded: 'đã thay thế',
  expired: 'hết hạn',
};

const deliveryStates: Record<string, string> = {
  published: 'đã đăng',
  processing: 'nền tảng đang xử lý',
  scheduled: 'đã hẹn giờ',
  awaiting_officer: 'chờ cán bộ đăng thủ công',
  publishing: 'đang đăng',
  retrying: 'đang thử lại',
  unconfirmed: 'chưa xác nhận',
  needs_reconnect: 'cần kết nối lại',
  failed: 'thất bại',
  missed: 'quá hạn',
  cancelled: 'đã huỷ',
  taken_down: 'đã gỡ',
};

function tally(counts: Record<string, number>, labels: Record<string, string>): string {
  const order = [...Object.keys(labels), ...Object.keys(counts).filter((s) => !(s in labels))];
  return order
    .filter((state) => counts[state])
    .map((state) => `${counts[state]} ${labels[state] ?? state}`)
    .join(' · ');
}

export function demoBanner(b: BannerInput): string {
  const deliveryCounts: Record<string, number> = {};
  for (const d of b.status.deliveries) deliveryCounts[d.state] = (deliveryCounts[d.state] ?? 0) + 1;
  const problems = b.status.deliveries.filter((d) => d.state === 'failed' || d.state === 'needs_reconnect');
  const held = b.status.deliveries.filter((d) => d.state === 'scheduled' && d.holdReason);
  const width = Math.max(...allDemoUsers.map((u) => u.email.length));
  const radio = b.endpoints.radioTv;
  const lines = [
    `Loa — bản demo "Con đường hướng thiện" của ${PROVINCE_NAME} đang chạy.`,
    b.created ? 'Đã tạo dữ liệu mẫu.' : 'Dùng lại dữ liệu demo của lần chạy trước; các kênh đã được nối với trình mô phỏng mới.',
    '',
    `Ứng dụng cán bộ:        ${b.publicUrl}/app  (đăng nhập tại ${b.publicUrl}/app/dang-nhap)`,
    `Trang cán bộ xã:        ${b.publicUrl}/xa  (điện thoại, không cần JavaScript; tài khoản cskv.<xã>)`,
    `Trang công khai:        ${b.publicUrl}/`,
    `Tài liệu API (OpenAPI): ${b.publicUrl}/docs`,
    `Nền tảng mô phỏng:      ${b.inspectorUrl}  (những gì Fanpage, YouTube, Zalo OA, cổng, báo, đài đã nhận)`,
    '',
    `Tài khoản (mật khẩu chung: ${DEMO_PASSWORD}):`,
    ...allDemoUsers.map((u) => `  ${u.email.padEnd(width)}  ${u.displayName} — ${u.job}`),
    `  Đăng nhập API: curl -i -X POST ${b.publicUrl}/api/v1/auth/login -H 'content-type: application/json' \\`,
    `                   -d '{"email":"${allDemoUsers[0]!.email}","password":"${DEMO_PASSWORD}"}'`,
    '',
    `Bài viết:  ${tally(b.status.items, itemStates)}`,
    `Lượt đăng: ${tally(deliveryCounts, deliveryStates)}${b.settled ? '' : ' (một số lượt vẫn đang đăng)'}`,
    ...problems.map((d) => `  ✗ ${d.channel} — "${d.title}": ${deliveryStates[d.state]}. ${d.error ?? ''}`),
    ...(b.radioTvChannelId
      ? [
          `  Kết nối lại kênh "${demoChannels.find((c) => c.key === 'radioTv')!.name}" bằng mật khẩu ứng dụng mới:`,
          `    PUT ${b.publicUrl}/api/v1/channels/${b.radioTvChannelId}/credentials`,
          `    {"credentials":{"username":"${radio.username}","applicationPassword":"${radio.applicationPassword}"}}`,
        ]
      : []),
    ...held.map((d) => `  ⏸ ${d.channel} — "${d.title}": ${d.holdReason}`),
    '',
    'Trình mô phỏng (chỉ trên máy này):',
    `  Cổng TTĐT Sở Tư pháp (webhook): ${b.endpoints.portal.url}`,
    `  Báo Bình Định (WordPress):      ${b.endpoints.newspaper.baseUrl}`,
    `  Đài PT-TH (WordPress):          ${radio.baseUrl}`,
    `  Fanpage (Graph API):            ${b.endpoints.graph.baseUrl}`,
    `  YouTube (Data API v3):          ${b.endpoints.youtube.apiBaseUrl}`,
    `  Zalo OA (OAuth v4 + Open API):  ${b.endpoints.zalo.baseUrl}`,
    '',
    'Dừng: Ctrl+C.  Làm lại từ đầu: npm run demo -- --reset',
  ];
  const rule = '═'.repeat(78);
  return `\n${rule}\n${lines.map((l) => (l ? `  ${l}` : '')).join('\n')}\n${rule}\n`;
}
