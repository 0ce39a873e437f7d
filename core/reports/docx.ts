import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table as DocTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import type { ReportNarrative } from '../../db/schema/index.ts';
import { vnDay } from '../metrics/period.ts';
import { formatNumber } from './cells.ts';
import type { ChartImage } from './charts.ts';
import { kindNames } from './labels.ts';
import type { Report } from './report.ts';
import { reportTables, type Table, type TableValue } from './tables.ts';

/**
 * Sizes of Decree 30/2020/NĐ-CP, Appendix I (points; docx counts half-points): Quốc hiệu 13
 * bold capitals, tiêu ngữ 14 bold, issuing body 13, số/ký hiệu 13, place and date 14 italic,
 * "BÁO CÁO" and its summary 14 bold, body 14, Nơi nhận 12 bold italic and its list 11,
 * signer's title and name 14 bold. Times New Roman throughout. Page numbers: Arabic, 14,
 * centred in the top margin, not on the first page.
 */
const PT = (n: number) => n * 2;
const FONT = 'Times New Roman';
const MM = 56.7; // twips per millimetre

function run(text: string, o: { size?: number; bold?: boolean; italics?: boolean; underline?: boolean } = {}): TextRun {
  return new TextRun({ text, font: FONT, size: PT(o.size ?? 14), bold: o.bold ?? false, italics: o.italics ?? false, ...(o.underline ? { underline: {} } : {}) });
}

function para(children: TextRun[] | string, o: Omit<IParagraphOptions, 'children'> & { size?: number; bold?: boolean; italics?: boolean } = {}): Paragraph {
  const { size, bold, italics, ...rest } = o;
  return new Paragraph({
    spacing: { after: 60, line: 300 },
    ...rest,
    children: typeof children === 'string' ? [run(children, { size: size ?? 14, bold: bold ?? false, italics: italics ?? false })] : children,
  });
}

const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

/** "Sơn La, ngày 05 tháng 01 năm 2027": day below 10 and months 1–2 with a leading zero (Decree 30). */
export function placeAndDate(place: string, at: Date): string {
  const [y, m, d] = vnDay(at).split('-');
  const month = Number(m) <= 2 ? m! : String(Number(m));
  return `${place || '………'}, ngày ${d} tháng ${month} năm ${y}`;
}

function cellText(v: TableValue, type: Table['columns'][number]['type']): string {
  if (v === null) return '–';
  if (typeof v === 'object') return v.day.split('-').reverse().join('/');
  if (typeof v === 'number') return type === 'percent' ? `${formatNumber(Math.round(v * 1000) / 10)}%` : formatNumber(v);
  return v;
}

/** The A4 page's text width between the decree's margins (30 mm left, 15 mm right), in twips. */
const TEXT_WIDTH = Math.floor((210 - 30 - 15) * MM);
/** Space inside a table cell on each side, in twips (1 mm). */
const CELL_PAD = 57;
const cellMargins = { left: CELL_PAD, right: CELL_PAD, top: 20, bottom: 20 };
/**
 * The national heading's column, 100 mm: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" prints 96 mm wide in
 * 13 pt bold, so it keeps to one line; the 65 mm left holds "CÔNG AN TỈNH BÌNH ĐỊNH" (60 mm) on one.
 */
const NATIONAL_HEADING_WIDTH = Math.floor(100 * MM);

/**
 * Roughly how wide `text` prints in Times New Roman at `pt`, in twips: digits and most
 * lower-case letters are half an em, capitals about 0.72, spaces and stops a quarter;
 * bold a little wider. An over-estimate, so what is measured to fit does fit.
 */
function printedWidth(text: string, pt: number, bold = false): number {
  let em = 0;
  for (const ch of text.normalize('NFC')) {
    if (/[0-9]/.test(ch)) em += 0.5;
    else if (/[ .,;:'’()/|!]/.test(ch)) em += 0.28;
    else if (ch === '%') em += 0.833;
    else if (ch === 'm' || ch === 'M' || ch === 'w' || ch === 'W') em += 0.95;
    else if (ch !== ch.toLowerCase()) em += 0.74;
    else em += 0.52;
  }
  return Math.ceil(em * pt * 20 * (bold ? 1.08 : 1));
}

const longestWord = (text: string, pt: number, bold = false) => Math.max(0, ...text.split(/\s+/).map((w) => printedWidth(w, pt, bold)));

/**
 * Column widths for a table on the page: every column at least as wide as its longest word
 * (a number, a percentage or a date as a whole: "13.664" never breaks into "13.66" and "4"),
 * the room left given to the columns whose text would otherwise wrap most. The font is the
 * largest of 11, 10 and 9 pt at which those minimums fit the page's width.
 */
export function fitColumns(t: Table): { pt: number; widths: number[] } {
  for (const pt of [11, 10, 9]) {
    const min = t.columns.map((c, i) => {
      const cells = t.rows.map((r) => cellText(r[i] ?? null, c.type));
      const values = c.type === 'text' ? cells.map((v) => longestWord(v, pt)) : cells.map((v) => printedWidth(v, pt));
      return Math.max(longestWord(c.header, pt, true), ...values) + 2 * CELL_PAD;
    });
    const spare = TEXT_WIDTH - min.reduce((a, b) => a + b, 0);
    if (spare < 0 && pt > 9) continue;
    const want = t.columns.map((c, i) =>
      Math.max(min[i]!, Math.min(TEXT_WIDTH / 2, Math.max(printedWidth(c.header, pt, true), ...t.rows.map((r) => printedWidth(cellText(r[i] ?? null, c.type), pt))) + 2 * CELL_PAD)),
    );
    const extra = want.map((w, i) => w - min[i]!);
    const extraSum = extra.reduce((a, b) => a + b, 0);
    const widths = min.map((m, i) => m + (spare <= 0 ? 0 : extraSum <= spare ? extra[i]! : Math.floor((spare * extra[i]!) / extraSum)));
    // What is still left over (every column as wide as it wants) goes to all columns alike.
    const left = TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
    if (left > 0) for (let i = 0; i < widths.length; i++) widths[i]! += Math.floor(left / widths.length);
    return { pt, widths };
  }
  throw new Error('unreachable');
}

function dataTable(t: Table): DocTable {
  const { pt, widths } = fitColumns(t);
  const cell = (text: string, i: number, o: { bold?: boolean; right?: boolean }) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      children: [new Paragraph({ alignment: o.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run(text, { size: pt, bold: o.bold ?? false })] })],
    });
  return new DocTable({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: cellMargins,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell(c.header, i, { bold: true })) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(cellText(v, t.columns[i]!.type), i, { right: t.columns[i]!.type !== 'text' })) })),
    ],
  });
}

function heading(text: string): Paragraph {
  return para(text, { bold: true, spacing: { before: 200, after: 100 } });
}

function narrative(text: string): Paragraph[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length === 0) return [para('(Chưa nhập nội dung)', { italics: true })];
  return lines.map((l) => para(l.trim(), { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 10 * MM } }));
}

/**
 * The official report of a unit for a period, in the layout of Decree 30/2020/NĐ-CP: issuing
 * body and national heading side by side, số/ký hiệu, place and date, "BÁO CÁO" with its
 * summary, numbered sections (I results with the generated tables and charts, II shortcomings,
 * III next steps), Nơi nhận and the signature block.
 */
export async function reportDocx(report: Report, text: ReportNarrative, charts: ChartImage[], parentName: string | null, at: Date): Promise<Buffer> {
  const tables = new Map(reportTables(report).map((t) => [t.key, t]));
  const headerWidths = [TEXT_WIDTH - NATIONAL_HEADING_WIDTH, NATIONAL_HEADING_WIDTH];
  const header = new DocTable({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: headerWidths,
    layout: TableLayoutType.FIXED,
    margins: cellMargins,
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: headerWidths[0]!, type: WidthType.DXA },
            children: [
              ...(parentName ? [para(parentName.toUpperCase(), { alignment: AlignmentType.CENTER, size: 13 })] : []),
              para([run(report.unit.name.toUpperCase(), { size: 13, bold: true })], { alignment: AlignmentType.CENTER }),
              para('―――――', { alignment: AlignmentType.CENTER, size: 13 }),
              para(`Số: ${text.number}`, { alignment: AlignmentType.CENTER, size: 13 }),
            ],
          }),
          new TableCell({
            width: { size: headerWidths[1]!, type: WidthType.DXA },
            children: [
              para([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 13, bold: true })], { alignment: AlignmentType.CENTER }),
              para([run('Độc lập - Tự do - Hạnh phúc', { size: 14, bold: true, underline: true })], { alignment: AlignmentType.CENTER }),
              para([run(placeAndDate(text.place, at), { size: 14, italics: true })], { alignment: AlignmentType.CENTER, spacing: { before: 120 } }),
            ],
          }),
        ],
      }),
    ],
  });
  const chart = (key: ChartImage['key']) => {
    const c = charts.find((x) => x.key === key);
    if (!c || c.empty) return [];
    const width = 600;
    return [new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: c.png, transformation: { width, height: Math.round((width * c.height) / c.width) }, altText: { name: c.title, description: c.title, title: c.title } })] })];
  };
  // An empty table says what is missing ("chưa ghi nhận hoạt động nào"), never "không có số liệu", which reads like "chưa có số liệu" (not read yet).
  const sub = (label: string, key: string, empty = 'không có lượt đăng nào trong kỳ') => {
    const t = tables.get(key);
    return t && t.rows.length ? [para(label, { bold: true, italics: true, spacing: { before: 160, after: 60 } }), dataTable(t)] : [para(`${label}: ${empty}.`, { italics: true, spacing: { before: 160, after: 60 } })];
  };
  const totals = report.totals.figures;
  const recap = [
    `Trong ${report.period.label}, ${report.unit.name} và các đơn vị trực thuộc đã đăng ${formatNumber(report.totals.items)} bài với ${formatNumber(report.totals.deliveries)} lượt đăng trên các kênh.`,
    report.totals.deliveries === 0
      ? 'Trong kỳ chưa có lượt đăng nào nên chưa có số liệu lượt xem, tiếp cận, tương tác.'
      : `Số liệu đọc được: ${(['reach', 'views', 'engagement', 'clicks'] as const).map((k) => `${kindNames([k])} ${totals[k].applicable ? (totals[k].value === null ? 'chưa có số liệu' : formatNumber(totals[k].value!)) : 'không áp dụng'}${totals[k].applicable && totals[k].value !== null && totals[k].unread ? ` (và ${formatNumber(totals[k].unread)} lượt chưa có số liệu)` : ''}`).join('; ')}. Các chỉ số được thống kê riêng, không cộng với nhau.`,
    `Đăng vào nhóm Zalo của các xã: ${formatNumber(report.compliance.onTime)} lượt đúng hạn, ${formatNumber(report.compliance.late)} lượt trễ hạn, ${formatNumber(report.compliance.missed)} lượt bỏ lỡ.`,
  ];
  const doc = new Document({
    creator: 'Loa',
    title: `Báo cáo ${report.period.label}`,
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: { width: 210 * MM, height: 297 * MM }, margin: { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } } },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(14) })] })] }),
        },
        children: [
          header,
          para([run('BÁO CÁO', { size: 14, bold: true })], { alignment: AlignmentType.CENTER, spacing: { before: 360 } }),
          para([run(text.summary, { size: 14, bold: true })], { alignment: AlignmentType.CENTER }),
          para('―――――――', { alignment: AlignmentType.CENTER }),
          heading('I. KẾT QUẢ THỰC HIỆN'),
          ...recap.map((l) => para(l, { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 10 * MM } })),
          ...narrative(text.results),
          ...sub('1. Kết quả theo đơn vị', 'units'),
          ...chart('units'),
          ...sub('2. Kết quả theo nền tảng', 'platforms'),
          ...chart('platforms'),
          ...sub('3. Kết quả theo chủ đề', 'themes'),
          ...chart('themes'),
          ...chart('trend'),
          ...sub('4. Độ phủ xã theo bài', 'items'),
          ...sub('5. Hoạt động tuyên truyền trực tiếp', 'activities', 'chưa ghi nhận hoạt động nào trong kỳ'),
          ...sub('6. Xếp hạng thi đua', 'ranking', 'không có đơn vị cấp dưới để xếp hạng'),
          para(report.ranking.formula, { italics: true, size: 12 }),
          heading('II. TỒN TẠI, HẠN CHẾ'),
          ...narrative(text.shortcomings),
          heading('III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI'),
          ...narrative(text.nextSteps),
          new DocTable({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: noBorders,
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    width: { size: 50, type: WidthType.PERCENTAGE },
                    children: [para([run('Nơi nhận:', { size: 12, bold: true, italics: true })], { spacing: { before: 240 } }), ...text.recipients.map((r, i) => para(`- ${r}${i === text.recipients.length - 1 ? '.' : ';'}`, { size: 11, spacing: { after: 0 } }))],
                  }),
                  new TableCell({
                    width: { size: 50, type: WidthType.PERCENTAGE },
                    children: [
                      para([run(text.signerTitle.toUpperCase(), { size: 14, bold: true })], { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 1400 } }),
                      para([run(text.signerName, { size: 14, bold: true })], { alignment: AlignmentType.CENTER }),
                    ],
                  }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
