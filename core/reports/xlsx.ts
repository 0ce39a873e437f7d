import ExcelJS from 'exceljs';
import type { Platform } from '../../lib/platforms.ts';
import { ANY_PLATFORM_METRIC_KINDS, metricKinds, PLATFORM_METRIC_KINDS, type MetricKind } from '../metrics/kinds.ts';
import type { CommuneRow, ItemChannelRow } from './detail.ts';
import type { ComplianceMatrix } from './matrix.ts';
import { DELIVERY_STATE_LABELS, KIND_LABELS, PLATFORM_LABELS } from './labels.ts';
import type { Report } from './report.ts';
import { figureNote, reportTables, type Table, type TableValue } from './tables.ts';

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
// A spreadsheet time has no zone: write the Vietnam wall clock (UTC+7, no summer time), as the reader expects.
const vnWallClock = (at: string) => new Date(new Date(at).getTime() + 7 * 3_600_000);

/** Which empty figures of one delivery are "không áp dụng" (its platform has no such metric) and which are not read yet. */
function deliveryNote(platform: Platform, figures: Record<MetricKind, number | null>): string {
  const provided = new Set([...Object.values(PLATFORM_METRIC_KINDS[platform]), ...Object.values(ANY_PLATFORM_METRIC_KINDS)]);
  const empty = metricKinds.filter((k) => figures[k] === null);
  return figureNote({ noData: empty.filter((k) => provided.has(k)), notApplicable: empty.filter((k) => !provided.has(k)) });
}

/**
 * Printed (a manager prints a sheet to attach it), every sheet comes out on A4 as wide as the
 * page — landscape when its columns are wider than a portrait page holds — and as many pages
 * long as it needs, the header row repeated on each; long text wraps in its cell.
 */
function printSetup(sheet: ExcelJS.Worksheet, widths: number[], headerRow: boolean): void {
  const total = widths.reduce((a, b) => a + b, 0);
  sheet.pageSetup = {
    paperSize: 9,
    orientation: total > 90 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(headerRow ? { printTitlesRow: '1:1' } : {}),
  };
}

/**
 * Whole numbers print as "1.234" (a Vietnamese Excel's separators); a score with a fraction as
 * "66,7". One "#,##0.##" for both printed every whole number with a dangling separator ("100.").
 */
const INTEGER = '#,##0';
const FRACTION = '#,##0.0#';

function addSheet(book: ExcelJS.Workbook, t: Table): void {
  const sheet = book.addWorksheet(t.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = t.columns.map((c) => ({
    header: c.header,
    width: c.type === 'text' ? Math.min(60, Math.max(14, c.header.length + 2)) : Math.max(12, Math.min(30, c.header.length + 2)),
    style: {
      alignment: c.type === 'text' ? { wrapText: true, vertical: 'top' } : { vertical: 'top' },
      ...(c.type === 'percent' ? { numFmt: '0.0%' } : c.type === 'date' ? { numFmt: 'dd/mm/yyyy' } : c.type === 'number' ? { numFmt: INTEGER } : {}),
    },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  const widths = sheet.columns.map((c) => c.width ?? 10);
  // Rows as tall as their wrapped text (about one character per width unit), set here: not every
  // reader sizes a row to its wrapped cells on opening, and the lines would print over the next row.
  const lines = (cells: TableValue[]) => Math.max(1, ...cells.map((v, i) => (typeof v === 'string' ? Math.ceil(v.length / Math.max(1, widths[i]! - 1)) : 1)));
  sheet.getRow(1).height = 15 * lines(t.columns.map((c) => c.header));
  for (const row of t.rows) {
    const added = sheet.addRow(row.map((v: TableValue) => (v !== null && typeof v === 'object' ? dayDate(v.day) : v)));
    row.forEach((v, i) => {
      if (t.columns[i]!.type === 'number' && typeof v === 'number' && !Number.isInteger(v)) added.getCell(i + 1).numFmt = FRACTION;
    });
    const n = lines(row);
    if (n > 1) added.height = 15 * n;
  }
  printSetup(sheet, widths, true);
}

/**
 * The report as an XLSX workbook: an information sheet, one sheet per breakdown (the same
 * tables as the page and the CSV), then item × channel, commune and item × commune (the page's
 * compliance table, one row per pair so it filters), with Vietnamese headers,
 * numbers as numbers and dates as dates.
 */
export async function reportXlsx(report: Report, detail: { itemChannels: ItemChannelRow[]; communes: CommuneRow[]; matrix: ComplianceMatrix }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Loa';
  book.created = new Date(report.generatedAt);
  const info = book.addWorksheet('Thông tin');
  info.columns = [{ width: 24 }, { width: 60 }];
  info.addRows([
    ['Đơn vị', report.unit.name],
    ['Kỳ báo cáo', report.period.label],
    ['Từ ngày', dayDate(report.period.from)],
    ['Đến ngày', dayDate(report.period.to)],
    ['Lập lúc', vnWallClock(report.generatedAt)],
    ['Ghi chú', 'Lượt xem, tiếp cận, tương tác và nhấp liên kết là bốn chỉ số riêng, không cộng với nhau. Ô trống: chưa có số liệu hoặc không áp dụng (xem cột ghi chú).'],
  ]);
  info.getColumn(1).font = { bold: true };
  info.getColumn(1).alignment = { vertical: 'top' };
  for (const r of [3, 4]) info.getCell(r, 2).numFmt = 'dd/mm/yyyy';
  info.getCell(5, 2).numFmt = 'dd/mm/yyyy hh:mm';
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  info.getRow(6).height = 15 * 3;
  printSetup(info, [24, 60], false);
  for (const t of reportTables(report)) addSheet(book, t);
  addSheet(book, {
    key: 'item-channels',
    title: 'Bài × kênh',
    columns: [
      { header: 'Bài', type: 'text' },
      { header: 'Kênh', type: 'text' },
      { header: 'Nền tảng', type: 'text' },
      { header: 'Đơn vị', type: 'text' },
      { header: 'Ngày đăng', type: 'date' },
      { header: 'Trạng thái', type: 'text' },
      ...metricKinds.map((k) => ({ header: KIND_LABELS[k], type: 'number' as const })),
      { header: 'Ghi chú số liệu', type: 'text' },
    ],
    rows: detail.itemChannels.map((r) => [
      r.itemTitle,
      r.channelName,
      PLATFORM_LABELS[r.platform],
      r.unitName,
      r.publishedDay ? { day: r.publishedDay } : null,
      DELIVERY_STATE_LABELS[r.state],
      ...metricKinds.map((k) => r.figures[k]),
      deliveryNote(r.platform, r.figures),
    ]),
  });
  addSheet(book, {
    key: 'communes',
    title: 'Theo xã',
    columns: [
      { header: 'Xã', type: 'text' },
      { header: 'Lượt đẩy vào nhóm', type: 'number' },
      { header: 'Đúng hạn', type: 'number' },
      { header: 'Trễ hạn', type: 'number' },
      { header: 'Bỏ lỡ', type: 'number' },
      { header: 'Đang chờ', type: 'number' },
      { header: 'Số bài đã nhận', type: 'number' },
      { header: 'Độ phủ', type: 'percent' },
      { header: 'Thành viên nhóm (ước tính)', type: 'number' },
      // Counted up to now, not within the period (the pushes' clicks as the compliance view keeps them): said, so it is not compared with the period's figure.
      { header: 'Lượt nhấp liên kết của các lượt đẩy (đến lúc lập)', type: 'number' },
    ],
    rows: detail.communes.map((c) => [c.name, c.pushes, c.onTime, c.late, c.missed, c.awaiting, c.itemsReceived, c.coverage, c.estimatedReach, c.clicks]),
  });
  addSheet(book, matrixTable(detail.matrix));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The page's item × commune table as rows: every item with every commune, "Chưa nhận" where no group of it got the item. */
function matrixTable(m: ComplianceMatrix): Table {
  const cells = new Map(m.cells.map((c) => [`${c.itemId}|${c.communeId}`, c]));
  const outcome = (c: ComplianceMatrix['cells'][number] | undefined) =>
    !c ? 'Chưa nhận' : [c.onTime && 'Đúng hạn', c.late && 'Trễ hạn', c.missed && 'Bỏ lỡ', c.pending && 'Đang chờ'].filter(Boolean).join(', ');
  return {
    key: 'item-communes',
    title: 'Bài × xã',
    columns: [
      { header: 'Bài', type: 'text' },
      { header: 'Xã', type: 'text' },
      { header: 'Tình trạng', type: 'text' },
      { header: 'Đúng hạn', type: 'number' },
      { header: 'Trễ hạn', type: 'number' },
      { header: 'Bỏ lỡ', type: 'number' },
      { header: 'Đang chờ', type: 'number' },
    ],
    rows: m.items.flatMap((i) =>
      m.communes.map((c) => {
        const cell = cells.get(`${i.id}|${c.id}`);
        return [i.title, c.name, outcome(cell), cell?.onTime ?? 0, cell?.late ?? 0, cell?.missed ?? 0, cell?.pending ?? 0];
      }),
    ),
  };
}
