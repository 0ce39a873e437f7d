import type { ActivityType, DeliveryState, Theme, UnitKind } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import { themeInfo } from '../content/themes.ts';
import type { MetricKind } from '../metrics/kinds.ts';

/** Vietnamese labels of everything a report groups by (never a raw key on screen or paper). */
export const PLATFORM_LABELS: Record<Platform, string> = {
  facebook_page: 'Trang Facebook',
  youtube_channel: 'Kênh YouTube',
  zalo_oa: 'Zalo OA',
  zalo_group_manual: 'Nhóm Zalo (cán bộ xã đăng)',
  share_kit: 'Bộ chia sẻ (KOL, nhóm lớn, người có uy tín)',
  wordpress: 'Cổng thông tin (WordPress)',
  webhook: 'Hệ thống khác (webhook)',
  site: 'Trang "Con đường hướng thiện"',
};

export const KIND_LABELS: Record<MetricKind, string> = {
  views: 'Lượt xem',
  reach: 'Lượt tiếp cận',
  engagement: 'Lượt tương tác',
  clicks: 'Lượt nhấp liên kết/QR',
};

/** Figures named inside a sentence: "lượt xem, lượt nhấp liên kết/QR". */
export function kindNames(kinds: readonly MetricKind[]): string {
  return kinds.map((k) => KIND_LABELS[k].charAt(0).toLowerCase() + KIND_LABELS[k].slice(1)).join(', ');
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  province: 'Tỉnh',
  department: 'Phòng',
  district: 'Huyện',
  commune: 'Xã',
  team: 'Tổ',
  unit: 'Đơn vị',
};

/** A delivery's state as the app's delivery board names it (web/i18n deliveryStates). */
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  scheduled: 'Đã lên lịch',
  publishing: 'Đang đăng',
  processing: 'Nền tảng đang xử lý',
  retrying: 'Đang thử lại',
  needs_reconnect: 'Cần kết nối lại',
  unconfirmed: 'Chưa xác nhận',
  published: 'Đã đăng',
  failed: 'Thất bại',
  awaiting_officer: 'Chờ cán bộ xã đăng',
  missed: 'Quá hạn, chưa đăng',
  cancelled: 'Đã huỷ',
  taken_down: 'Đã gỡ',
};

export const ACTIVITY_LABELS: Record<ActivityType, { label: string; unit: string }> = {
  radio: { label: 'Chương trình phát thanh', unit: 'buổi phát' },
  television: { label: 'Chương trình truyền hình', unit: 'buổi phát' },
  print: { label: 'Bài báo in', unit: 'bài' },
  loudspeaker: { label: 'Phát trên loa truyền thanh xã', unit: 'lượt phát' },
  banner: { label: 'Băng rôn, khẩu hiệu', unit: 'chiếc' },
  poster: { label: 'Áp phích, pa nô', unit: 'tờ' },
  leaflet: { label: 'Tờ rơi', unit: 'tờ' },
  conference: { label: 'Hội nghị, buổi họp, tuyên truyền trực tiếp', unit: 'buổi' },
};

export function themeLabel(theme: Theme): string {
  return themeInfo[theme].label;
}

/** What a figure cell says when there is no number to show. */
export const NO_DATA = 'chưa có số liệu';
export const NOT_APPLICABLE = 'không áp dụng';
/** What a row with no publication in the period says instead of a figure's note. */
export const NO_DELIVERIES = 'không có lượt đăng trong kỳ';
