import { describe, expect, it } from 'vitest';
import { fitColumns } from './docx.ts';
import type { Table } from './tables.ts';

// Times New Roman's advance widths per 1000 em of what a number cell holds.
const TIMES: Record<string, number> = { '0': 500, '1': 500, '2': 500, '3': 500, '4': 500, '5': 500, '6': 500, '7': 500, '8': 500, '9': 500, '.': 250, ',': 250, '%': 833, '–': 500 };
const printed = (text: string, pt: number) => ([...text].reduce((s, ch) => s + TIMES[ch]!, 0) * pt * 20) / 1000;
const TEXT_WIDTH = Math.floor(165 * 56.7);

describe('DOCX tables on an A4 page', () => {
  it('a province-wide breakdown of 12 columns with seven-digit figures fits the text width, no number cut in two', () => {
    const n = (header: string) => ({ header, type: 'number' as const });
    const table: Table = {
      key: 'units',
      title: 'Theo đơn vị',
      columns: [
        { header: 'Đơn vị', type: 'text' },
        { header: 'Cấp', type: 'text' },
        n('Lượt đăng'),
        n('Lượt xem'),
        n('Lượt tiếp cận'),
        n('Lượt tương tác'),
        n('Lượt nhấp liên kết/QR'),
        { header: 'Ghi chú số liệu', type: 'text' },
        n('Đúng hạn'),
        n('Trễ hạn'),
        n('Bỏ lỡ'),
        { header: 'Độ phủ xã', type: 'percent' },
      ],
      rows: [
        ['Phòng Cảnh sát THAHS và hỗ trợ tư pháp (PC10)', 'Phòng', 1520, 2_178_456, 13_664_120, 1_461_003, 98_765, 'Lượt nhấp liên kết/QR: chưa có số liệu', 1204, 96, 7, 0.333],
        ['Công an xã Phước Lộc', 'Xã', 15, null, null, null, null, 'không có lượt đăng trong kỳ', 0, 0, 0, 1],
      ],
    };
    const { pt, widths } = fitColumns(table);
    expect(widths).toHaveLength(12);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
    const shown: Record<number, string[]> = { 2: ['1.520'], 3: ['2.178.456'], 4: ['13.664.120'], 5: ['1.461.003'], 6: ['98.765'], 8: ['1.204'], 11: ['33,3%', '100%'] };
    for (const [i, texts] of Object.entries(shown)) for (const text of texts) expect(printed(text, pt), text).toBeLessThanOrEqual(widths[Number(i)]! - 2 * 57);
    // Still a readable size: the font shrinks to fit, not below 9 pt.
    expect(pt).toBeGreaterThanOrEqual(9);
  });
});
