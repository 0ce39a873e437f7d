import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/app.ts';
import { placeFromUnitNames } from '../../../core/reports/workflow.ts';
import { createReportWorld, type ReportWorld } from '../../../test/report-fixtures.ts';

const Q4 = 'period=quarter&from=2026-10-01';

describe('report exports: XLSX and the Decree 30 DOCX carry the page’s figures', () => {
  let t: TestApp;
  let w: ReportWorld;
  let manager: Session;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createReportWorld(t.db, t.deps.secrets);
    manager = await login(t.app, w.managerEmail);
  });
  afterAll(() => t?.close());

  it('XLSX: a sheet per breakdown down to item × channel and commune, Vietnamese headers, numbers as numbers, dates as dates', async () => {
    const report = (await manager.request('GET', `/api/v1/reports/units/${w.province}?${Q4}`)).json();
    const before = Date.now();
    const res = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.xlsx?${Q4}`);
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    // Whose report it is, in the name: the province's and each commune's downloads do not all read "bao-cao-<period>".
    expect(res.headers['content-disposition']).toContain('filename="bao-cao-cong-an-tinh-son-la-2026-10-01-2026-12-31.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Thông tin',
      'Tổng hợp',
      'Theo đơn vị',
      'Theo nền tảng',
      'Theo chủ đề',
      'Theo bài',
      'Theo kênh',
      'Hoạt động trực tiếp',
      'Xếp hạng thi đua',
      'Báo cáo đơn vị cấp dưới',
      'Bài × kênh',
      'Theo xã',
      'Bài × xã',
    ]);
    const info = book.getWorksheet('Thông tin')!;
    expect(info.getCell('B1').value).toBe('Công an tỉnh Sơn La');
    expect(info.getCell('B2').value).toBe('quý IV năm 2026');
    expect(info.getCell('B3').value).toEqual(new Date('2026-10-01T00:00:00Z'));
    // The time it was made, as a clock in Vietnam reads it (a spreadsheet time has no zone).
    const made = (info.getCell('B5').value as Date).getTime() - 7 * 3_600_000;
    expect(made >= before - 1000 && made <= after + 1000, `made ${new Date(made).toISOString()}`).toBe(true);

    const platforms = book.getWorksheet('Theo nền tảng')!;
    expect(platforms.getRow(1).values).toEqual([undefined, 'Nền tảng', 'Lượt đăng', 'Lượt xem', 'Lượt tiếp cận', 'Lượt tương tác', 'Lượt nhấp liên kết/QR', 'Ghi chú số liệu']);
    const fb = report.byPlatform.find((p: { platform: string }) => p.platform === 'facebook_page');
    const fbRow = platforms.getRows(2, platforms.rowCount - 1)!.find((r) => r.getCell(1).value === 'Trang Facebook')!;
    expect(fbRow.getCell(4).value).toBe(fb.figures.reach.value);
    expect(typeof fbRow.getCell(4).value).toBe('number');
    expect(fbRow.getCell(7).value).toContain('chưa có số liệu');
    // A whole number prints without a dangling separator ("100", not "100."); the score keeps its fraction.
    expect(fbRow.getCell(4).numFmt).toBe('#,##0');
    const ranking = book.getWorksheet('Xếp hạng thi đua')!;
    const pc10Row = ranking.getRows(2, ranking.rowCount - 1)!.find((r) => r.getCell(2).value === 'Phòng PC10')!;
    expect(pc10Row.getCell(3).value).toBe(66.7);
    expect(pc10Row.getCell(3).numFmt).toBe('#,##0.0#');
    expect(pc10Row.getCell(1).numFmt).toBe('#,##0');
    // Times in the notes read as everywhere in Loa: day first, then the 24-hour time.
    expect(fbRow.getCell(7).value).toMatch(/lần đọc tới: \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    // One note for the row, the figures grouped by why, the next reading said once (not a figure at a time,
    // each repeating the number beside it and the same time).
    expect(fbRow.getCell(7).value).toMatch(/^Chưa có số liệu: lượt xem, lượt nhấp liên kết\/QR; lượt tiếp cận, lượt tương tác: còn 1 lượt đăng chưa có số liệu; lần đọc tới: [^;]+$/);
    const yt = platforms.getRows(2, platforms.rowCount - 1)!.find((r) => r.getCell(1).value === 'Kênh YouTube')!;
    expect(yt.getCell(4).value).toBeNull();
    expect(yt.getCell(7).value).toBe('Chưa có số liệu: lượt nhấp liên kết/QR; không áp dụng: lượt tiếp cận');

    // A commune with nothing published in the quarter: no "không áp dụng" four times over, as if it could not be measured.
    const units = book.getWorksheet('Theo đơn vị')!;
    const quiet = units.getRows(2, units.rowCount - 1)!.find((r) => r.getCell(1).value === 'Công an xã Chiềng Đen')!;
    expect([quiet.getCell(3).value, quiet.getCell(8).value]).toEqual([0, 'Không có lượt đăng trong kỳ']);

    const itemChannels = book.getWorksheet('Bài × kênh')!;
    const pc10 = itemChannels.getRows(2, itemChannels.rowCount - 1)!.find((r) => r.getCell(2).value === 'Fanpage PC10')!;
    expect(pc10.getCell(5).value).toEqual(new Date('2026-11-15T00:00:00Z'));
    expect(pc10.getCell(8).value).toBe(500);
    // The state in Vietnamese, and why a figure is empty: not read yet, or not a metric of that platform.
    expect(pc10.getCell(6).value).toBe('Đã đăng');
    expect(pc10.getCell(11).value).toBe('Chưa có số liệu: lượt xem, lượt nhấp liên kết/QR');
    const missed = itemChannels.getRows(2, itemChannels.rowCount - 1)!.find((r) => r.getCell(2).value === 'Nhóm Zalo xã Hua La' && r.getCell(6).value !== 'Đã đăng')!;
    expect(missed.getCell(6).value).toBe('Quá hạn, chưa đăng');
    expect(missed.getCell(11).value).toBe('Không áp dụng: lượt xem, lượt tiếp cận, lượt tương tác');
    // The page's item × commune table, a row per pair: a commune whose groups never got the item says so.
    const matrix = book.getWorksheet('Bài × xã')!;
    const pair = (item: string, commune: string) => matrix.getRows(2, matrix.rowCount - 1)!.find((r) => r.getCell(1).value === item && r.getCell(2).value === commune)!.values;
    const loan = 'Vay vốn ưu đãi cho người chấp hành xong án phạt tù';
    expect(pair(loan, 'Công an xã Chiềng Cơi')).toEqual([undefined, loan, 'Công an xã Chiềng Cơi', 'Đúng hạn, Trễ hạn', 1, 1, 0, 0]);
    expect(pair(loan, 'Công an xã Hua La')).toEqual([undefined, loan, 'Công an xã Hua La', 'Bỏ lỡ', 0, 0, 1, 0]);
    expect(pair(loan, 'Công an xã Chiềng Đen')).toEqual([undefined, loan, 'Công an xã Chiềng Đen', 'Chưa nhận', 0, 0, 0, 0]);
    const communes = book.getWorksheet('Theo xã')!;
    expect(communes.getRow(1).getCell(10).value).toBe('Lượt nhấp liên kết của các lượt đẩy (đến lúc lập)');
    expect(communes.getRows(2, communes.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(3).value, r.getCell(4).value, r.getCell(5).value])).toEqual([
      ['Công an xã Chiềng Cơi', 1, 1, 0],
      ['Công an xã Chiềng Đen', 0, 0, 0],
      ['Công an xã Hua La', 1, 0, 1],
    ]);
  });

  it('XLSX prints on A4: each sheet fitted to the page width (landscape when wide), its header row repeated, long text wrapped', async () => {
    const res = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.xlsx?${Q4}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    for (const sheet of book.worksheets) {
      const setup = sheet.pageSetup;
      expect({ sheet: sheet.name, paperSize: setup.paperSize, fitToPage: setup.fitToPage, fitToWidth: setup.fitToWidth, fitToHeight: setup.fitToHeight }).toEqual({
        sheet: sheet.name,
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      });
      if (sheet.name !== 'Thông tin') expect(setup.printTitlesRow, sheet.name).toBe('1:1');
    }
    expect(book.getWorksheet('Theo đơn vị')!.pageSetup.orientation).toBe('landscape');
    expect(book.getWorksheet('Thông tin')!.getCell('B6').alignment?.wrapText).toBe(true);
  });

  it('DOCX: national heading, issuing body, số/ký hiệu, place and date, BÁO CÁO, numbered sections, tables, charts, Nơi nhận and signer, Times New Roman', async () => {
    await manager.request('PUT', `/api/v1/reports/units/${w.province}/draft`, {
      period: 'quarter',
      from: '2026-10-01',
      narrative: { number: '125/BC-CAT-PC10', place: 'Sơn La', shortcomings: 'Một số xã chưa có nhóm Zalo.', signerTitle: 'Giám đốc', signerName: 'Đại tá Nguyễn Văn A' },
    });
    const res = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.docx?${Q4}`);
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const xml = strFromU8(files['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')).join('\n');
    for (const expected of [
      'CÔNG AN TỈNH SƠN LA',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 125/BC-CAT-PC10',
      'BÁO CÁO',
      'Kết quả tuyên truyền "Con đường hướng thiện" quý IV năm 2026',
      'I. KẾT QUẢ THỰC HIỆN',
      'II. TỒN TẠI, HẠN CHẾ',
      'Một số xã chưa có nhóm Zalo.',
      'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
      'Nơi nhận:',
      'GIÁM ĐỐC',
      'Đại tá Nguyễn Văn A',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Sơn La, ngày \d\d tháng \d+ năm \d{4}/);
    expect(text).toContain('lượt tiếp cận 820 (và 1 lượt chưa có số liệu)');
    // December: one publication, not read yet. The recap says so once, not "chưa có số liệu (và 1 lượt chưa có số liệu)".
    const december = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.docx?period=month&from=2026-12-01`);
    const decemberXml = strFromU8(unzipSync(new Uint8Array(december.rawPayload))['word/document.xml']!);
    expect(decemberXml).toContain('lượt tiếp cận chưa có số liệu;');
    expect(decemberXml).not.toContain('chưa có số liệu (và');
    // A month with nothing published says so, not "lượt tiếp cận không áp dụng" as if the unit could not be measured.
    const january = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.docx?period=month&from=2026-01-01`);
    const januaryXml = strFromU8(unzipSync(new Uint8Array(january.rawPayload))['word/document.xml']!);
    expect(januaryXml).toContain('Trong kỳ chưa có lượt đăng nào nên chưa có số liệu lượt xem, tiếp cận, tương tác.');
    expect(januaryXml).not.toContain('lượt tiếp cận không áp dụng');
    expect(januaryXml).toContain('5. Hoạt động tuyên truyền trực tiếp: chưa ghi nhận hoạt động nào trong kỳ.');
    expect(januaryXml).not.toContain('không có số liệu');
    // Nothing to draw: no chart, not four empty frames of half a page each.
    expect(Object.keys(unzipSync(new Uint8Array(january.rawPayload))).filter((f) => f.startsWith('word/media/'))).toEqual([]);
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toContain('<w:sz w:val="28"/>');
    expect(xml).toContain('<w:sz w:val="26"/>');
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toHaveLength(4);
    // Decree 30: pages numbered in the top margin, centred, 14 pt, from the second page on.
    expect(xml).toContain('<w:titlePg/>');
    const headers = Object.keys(files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => strFromU8(files[f]!));
    const numbered = headers.filter((h) => h.includes('PAGE'));
    expect(numbered).toHaveLength(1);
    expect(numbered[0]).toMatch(/<w:jc w:val="center"\/>/);
    expect(numbered[0]).toContain('<w:sz w:val="28"/>');
  });

  it('DOCX dates the report from the unit’s place before anyone typed one: the province’s for its department, the commune’s for its team; "………" only where no name says it', async () => {
    const placeLine = async (unitId: string) => {
      const res = await manager.request('GET', `/api/v1/reports/units/${unitId}/export.docx?${Q4}`);
      expect(res.statusCode).toBe(200);
      const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']!);
      return /<w:t(?: [^>]*)?>([^<]*, ngày \d\d tháng \d+ năm \d{4})<\/w:t>/.exec(xml)?.[1];
    };
    expect(await placeLine(w.pc10)).toMatch(/^Sơn La, ngày/);
    expect(await placeLine(w.teamA1)).toMatch(/^Chiềng Cơi, ngày/);
    // The draft form starts with it, so the manager sees (and may change) what will be printed.
    const draft = (await manager.request('GET', `/api/v1/reports/units/${w.communeA}/draft?${Q4}`)).json();
    expect(draft.narrative.place).toBe('Chiềng Cơi');
    // A draft saved with the place left empty still prints the unit's place.
    await manager.request('PUT', `/api/v1/reports/units/${w.pc10}/draft`, { period: 'quarter', from: '2026-10-01', narrative: { place: '' } });
    expect(await placeLine(w.pc10)).toMatch(/^Sơn La, ngày/);
    expect(placeFromUnitNames(['Đội tuyên truyền', 'Công an thành phố Hồ Chí Minh'])).toBe('Thành phố Hồ Chí Minh');
    expect(placeFromUnitNames(['Công an thị xã Sơn Tây'])).toBe('Sơn Tây');
    expect(placeFromUnitNames(['Ban chỉ đạo'])).toBe('');
  });

  it('DOCX fits A4: the national heading on one line, every table within the text width, no number broken across lines', async () => {
    const res = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.docx?${Q4}`);
    const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']!);
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(4);
    // 210 mm less the decree's margins (30 mm left, 15 mm right), in twips.
    const textWidth = Math.floor(165 * 56.7);
    const grid = (tbl: string) => [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const pad = (tbl: string) => ['left', 'right'].map((side) => Number(new RegExp(`<w:tblCellMar>[\\s\\S]*?<w:${side} [^>]*w:w="(\\d+)"`).exec(tbl)?.[1] ?? 108)).reduce((a, b) => a + b, 0);
    // Times New Roman's advance widths (per 1000 em): regular digits and stops, bold capitals.
    const regular: Record<string, number> = { '0': 500, '1': 500, '2': 500, '3': 500, '4': 500, '5': 500, '6': 500, '7': 500, '8': 500, '9': 500, '.': 250, ',': 250, '%': 833, '–': 500 };
    const boldCaps: Record<string, number> = { A: 722, C: 722, Đ: 722, E: 667, G: 778, H: 778, I: 389, L: 667, M: 944, N: 722, O: 778, S: 556, T: 667, U: 722, V: 722, X: 722, ' ': 250 };
    const base = (ch: string) => (ch === 'Đ' ? 'Đ' : ch.normalize('NFD')[0]!);
    const twips = (text: string, halfPoints: number, widths: Record<string, number>) => ([...text].reduce((sum, ch) => sum + widths[base(ch)]!, 0) * halfPoints) / 100;

    // The heading block first, then the figure tables (their header row repeats on each page); the signature block is not one.
    const [header] = tables;
    const data = tables.filter((tbl) => tbl.includes('<w:tblHeader/>'));
    expect(data.length).toBeGreaterThan(3);
    const [left, right] = grid(header!);
    expect(left! + right!).toBeLessThanOrEqual(textWidth);
    expect(twips('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 26, boldCaps)).toBeLessThanOrEqual(right! - pad(header!));
    expect(twips('CÔNG AN TỈNH SƠN LA', 26, boldCaps)).toBeLessThanOrEqual(left! - pad(header!));

    for (const tbl of data) {
      const cols = grid(tbl);
      expect(tbl).toContain('<w:tblLayout w:type="fixed"/>');
      expect(cols.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(textWidth);
      for (const row of tbl.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)) {
        [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].forEach((cell, i) => {
          const text = [...cell[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
          const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(cell[1]!)?.[1]);
          if (/^[\d.,%–]+$/.test(text)) expect(twips(text, size, regular), `${text} in column ${i + 1}`).toBeLessThanOrEqual(cols[i]! - pad(tbl));
        });
      }
    }
  });
});
