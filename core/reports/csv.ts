import type { Table, TableValue } from './tables.ts';

/** Byte order mark: Excel opens a UTF-8 CSV with Vietnamese text correctly only with it. */
const BOM = '\uFEFF';

function field(v: TableValue, type: Table['columns'][number]['type']): string {
  if (v === null) return '';
  if (typeof v === 'object') return v.day;
  // Shares print as percentages (33.3), other numbers as they are; the decimal point is a dot.
  if (typeof v === 'number') return type === 'percent' ? String(Math.round(v * 1000) / 10) : String(v);
  return /[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replaceAll('"', '""')}"` : v;
}

/**
 * One table as CSV: UTF-8 with BOM, RFC 4180 quoting, CRLF lines, percent columns marked
 * "(%)". Text starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function tableCsv(t: Table): string {
  const header = t.columns.map((c) => field(c.type === 'percent' ? `${c.header} (%)` : c.header, 'text'));
  const lines = [header.join(','), ...t.rows.map((row) => row.map((v, i) => field(v, t.columns[i]!.type)).join(','))];
  return BOM + lines.join('\r\n') + '\r\n';
}
