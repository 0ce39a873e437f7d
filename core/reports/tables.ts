import type { ReportState } from '../../db/schema/index.ts';
import { formatVnDayTime } from '../../lib/clock.ts';
import { metricKinds, type MetricKind } from '../metrics/kinds.ts';
import { vnDay } from '../metrics/period.ts';
import { cellText, formatNumber, type FigureCells } from './cells.ts';
import { KIND_LABELS, kindNames, NO_DATA, NO_DELIVERIES, NOT_APPLICABLE } from './labels.ts';
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
 * The four figures as numbers (empty when nothing was read or it does not apply) and one
 * note for the row, the figures grouped by why ("Chưa có số liệu: lượt xem, …; không áp
 * dụng: …; lần đọc tới: …"): a figure at a time repeated the number beside it and the next
 * reading's time, and made a printed row a dozen lines tall. A row with no publication in the
 * period says so: "không áp dụng" there would read as "this unit cannot be measured".
 */
export function figureValues(c: FigureCells, deliveries: number): TableValue[] {
  const values = metricKinds.map((k) => (c[k].applicable ? c[k].value : null));
  const partly = new Map<number, MetricKind[]>();
  for (const k of metricKinds) if (c[k].applicable && c[k].value !== null && c[k].unread > 0) partly.set(c[k].unread, [...(partly.get(c[k].unread) ?? []), k]);
  const note = figureNote({
    noData: metricKinds.filter((k) => c[k].applicable && c[k].value === null),
    partly,
    notApplicable: deliveries > 0 ? metricKinds.filter((k) => !c[k].applicable) : [],
    nextReadingAt: metricKinds.map((k) => c[k].nextReadingAt).filter((at): at is string => at !== null).sort()[0] ?? null,
  });
  return [...values, note || (deliveries === 0 && values.every((v) => v === null) ? capitalised(NO_DELIVERIES) : '')];
}

/** One row's note: figures not read yet, read but for `partly`'s count of publications, not applicable; then the next reading. */
export function figureNote(o: { noData: MetricKind[]; partly?: ReadonlyMap<number, MetricKind[]>; notApplicable: MetricKind[]; nextReadingAt?: string | null }): string {
  const notes: string[] = [];
  if (o.noData.length) notes.push(`${NO_DATA}: ${kindNames(o.noData)}`);
  for (const [unread, kinds] of o.partly ?? []) notes.push(`${kindNames(kinds)}: còn ${formatNumber(unread)} lượt đăng ${NO_DATA}`);
  if (o.notApplicable.length) notes.push(`${NOT_APPLICABLE}: ${kindNames(o.notApplicable)}`);
  if (o.nextReadingAt) notes.push(`lần đọc tới: ${formatVnDayTime(new Date(o.nextReadingAt))}`);
  return capitalised(notes.join('; '));
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

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
