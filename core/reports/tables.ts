import type { ReportState } from '../../db/schema/index.ts';
import { metricKinds } from '../metrics/kinds.ts';
import { vnDay } from '../metrics/period.ts';
import { cellText, type FigureCells } from './cells.ts';
import { KIND_LABELS, NO_DATA, NO_DELIVERIES, NOT_APPLICABLE } from './labels.ts';
import type { Report } from './report.ts';

/** A cell of an exported table: numbers stay numbers, days stay days (`{ day }`), text is text. */
export type TableValue = string | number | { day: string } | null;

/** One breakdown as a table with Vietnamese headers: what CSV, XLSX and DOCX all print. */
export interface Table {
  key: string;
  /** Sheet name (≤ 31 characters) and heading. */
  title: string;
  columns: { header: string; type: 'text' | 'number' | 'percent' | 'date' }[];
  rows: TableValue[][];
}

const figureColumns = [...metricKinds.map((k) => ({ header: KIND_LABELS[k], type: 'number' as const })), { header: 'Ghi chú số liệu', type: 'text' as const }];

/**
 * The four figures as numbers (empty when nothing was read or it does not apply) and a note
 * saying which and why. A row with no publication in the period says so: "không áp dụng"
 * there would read as "this unit cannot be measured".
 */
export function figureValues(c: FigureCells, deliveries: number): TableValue[] {
  const notes: string[] = [];
  for (const k of metricKinds) {
    const cell = c[k];
    if (!cell.applicable) {
      if (deliveries > 0) notes.push(`${KIND_LABELS[k]}: ${NOT_APPLICABLE}`);
    } else if (cell.value === null || cell.unread > 0) notes.push(`${KIND_LABELS[k]}: ${cellText(cell)}`);
  }
  if (deliveries === 0 && notes.length === 0 && metricKinds.every((k) => c[k].value === null)) notes.push(NO_DELIVERIES);
  return [...metricKinds.map((k) => (c[k].applicable ? c[k].value : null)), notes.join('; ')];
}

const pct = (x: number | null) => (x === null ? null : x);

/** Every breakdown of a report as tables, in the order the page shows them. */
export function reportTables(r: Report): Table[] {
  const c = r.compliance;
  return [
    {
      key: 'summary',
      title: 'Tổng hợp',
      columns: [{ header: 'Chỉ tiêu', type: 'text' }, { header: r.period.label, type: 'number' }, { header: r.previousPeriod.label, type: 'number' }, { header: 'Ghi chú', type: 'text' }],
      rows: [
        ...metricKinds.map((k) => {
          const cell = r.totals.figures[k];
          const note = !cell.applicable ? NOT_APPLICABLE : cell.value === null || cell.unread > 0 ? cellText(cell) : '';
          return [KIND_LABELS[k], cell.value, r.previous.figures[k], note] as TableValue[];
        }),
        ['Số bài đã đăng', r.totals.items, r.previous.items, ''],
        ['Số lượt đăng', r.totals.deliveries, r.previous.deliveries, ''],
        ['Đăng vào nhóm Zalo đúng hạn', c.onTime, r.previous.compliance.onTime, ''],
        ['Đăng vào nhóm Zalo trễ hạn', c.late, r.previous.compliance.late, ''],
        ['Bỏ lỡ (quá hạn chưa đăng)', c.missed, r.previous.compliance.missed, ''],
        ['Thành viên các nhóm Zalo đã nhận (ước tính, không cộng vào tiếp cận)', c.estimatedReach, r.previous.compliance.estimatedReach, ''],
        ['Số xã trong phạm vi', r.coverage.communes, null, ''],
        ['Độ phủ xã trung bình', pct(r.coverage.average), null, r.coverage.average === null ? NO_DATA : ''],
      ],
    },
    {
      key: 'units',
      title: 'Theo đơn vị',
      columns: [
        { header: 'Đơn vị', type: 'text' },
        { header: 'Cấp', type: 'text' },
        { header: 'Lượt đăng', type: 'number' },
        ...figureColumns,
        { header: 'Đúng hạn', type: 'number' },
        { header: 'Trễ hạn', type: 'number' },
        { header: 'Bỏ lỡ', type: 'number' },
        { header: 'Độ phủ xã', type: 'percent' },
      ],
      rows: r.byUnit.map((u) => [u.own ? `${u.name} (trực tiếp)` : u.name, u.kindLabel, u.deliveries, ...figureValues(u.figures, u.deliveries), u.compliance.onTime, u.compliance.late, u.compliance.missed, pct(u.coverage)]),
    },
    {
      key: 'platforms',
      title: 'Theo nền tảng',
      columns: [{ header: 'Nền tảng', type: 'text' }, { header: 'Lượt đăng', type: 'number' }, ...figureColumns],
      rows: r.byPlatform.map((p) => [p.label, p.deliveries, ...figureValues(p.figures, p.deliveries)]),
    },
    {
      key: 'themes',
      title: 'Theo chủ đề',
      columns: [{ header: 'Chủ đề', type: 'text' }, { header: 'Lượt đăng', type: 'number' }, ...figureColumns],
      rows: r.byTheme.map((t) => [t.label, t.deliveries, ...figureValues(t.figures, t.deliveries)]),
    },
    {
      key: 'items',
      title: 'Theo bài',
      columns: [{ header: 'Bài', type: 'text' }, { header: 'Chủ đề', type: 'text' }, { header: 'Lượt đăng', type: 'number' }, ...figureColumns, { header: 'Số xã nhận', type: 'number' }, { header: 'Độ phủ xã', type: 'percent' }],
      rows: r.byItem.map((i) => [i.title, i.themeLabel, i.deliveries, ...figureValues(i.figures, i.deliveries), i.covered, pct(i.coverage)]),
    },
    {
      key: 'channels',
      title: 'Theo kênh',
      columns: [{ header: 'Kênh', type: 'text' }, { header: 'Nền tảng', type: 'text' }, { header: 'Đơn vị', type: 'text' }, { header: 'Lượt đăng', type: 'number' }, ...figureColumns],
      rows: r.byChannel.map((ch) => [ch.name, ch.platformLabel, ch.unitName, ch.deliveries, ...figureValues(ch.figures, ch.deliveries)]),
    },
    {
      key: 'activities',
      title: 'Hoạt động trực tiếp',
      columns: [
        { header: 'Loại hoạt động', type: 'text' },
        { header: 'Số lần ghi nhận', type: 'number' },
        { header: 'Số lượng', type: 'number' },
        { header: 'Đơn vị tính', type: 'text' },
        { header: 'Người tiếp cận (ước tính, không cộng vào tiếp cận trực tuyến)', type: 'number' },
        { header: 'Lượt quét QR/nhấp liên kết', type: 'number' },
      ],
      rows: r.activities.map((a) => [a.label, a.count, a.quantity, a.unit, a.estimatedAudience, a.clicks]),
    },
    {
      key: 'ranking',
      title: 'Xếp hạng thi đua',
      columns: [
        { header: 'Hạng', type: 'number' },
        { header: 'Đơn vị', type: 'text' },
        { header: 'Điểm', type: 'number' },
        { header: 'Tỉ lệ đúng hạn', type: 'percent' },
        { header: 'Độ phủ xã', type: 'percent' },
        { header: 'Tương tác (so với cao nhất)', type: 'percent' },
        { header: 'Hoạt động (so với nhiều nhất)', type: 'percent' },
      ],
      rows: r.ranking.rows.map((x) => [x.rank, x.name, x.score, x.components.onTime, x.components.coverage, x.components.engagement, x.components.activities]),
    },
    {
      key: 'submissions',
      title: 'Báo cáo đơn vị cấp dưới',
      columns: [{ header: 'Đơn vị', type: 'text' }, { header: 'Trạng thái', type: 'text' }, { header: 'Ngày gửi', type: 'date' }],
      rows: r.submissions.map((s) => [s.name, STATE_LABELS[s.state ?? 'none'], s.submittedAt ? { day: vnDay(new Date(s.submittedAt)) } : null]),
    },
  ];
}

export const STATE_LABELS: Record<ReportState | 'none', string> = { none: 'Chưa lập', draft: 'Đang soạn', submitted: 'Đã gửi, chờ tiếp nhận', received: 'Đã tiếp nhận', returned: 'Bị trả lại' };
