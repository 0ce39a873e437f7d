import type { AuditItem } from '../../../core/org/audit-log.ts';

/** Excel needs the BOM to read the file as UTF-8 (otherwise Vietnamese turns into mojibake). */
export const BOM = '\uFEFF';

export const auditCsvHeader = [
  'ID',
  'Thời gian (Asia/Ho_Chi_Minh)',
  'Người thực hiện',
  'Email',
  'Loại tác nhân',
  'Hành động',
  'Loại đối tượng',
  'Mã đối tượng',
  'Đơn vị',
  'Địa chỉ IP',
  'Chi tiết',
];

export function auditCsvRow(item: AuditItem): string[] {
  return [
    String(item.id),
    vnIsoTime(item.at),
    item.actor.displayName ?? '',
    item.actor.email ?? '',
    item.actor.kind,
    item.action,
    item.entityType,
    item.entityId ?? '',
    item.unitId ?? '',
    item.ip ?? '',
    JSON.stringify(item.data),
  ];
}

/** ISO 8601 in Vietnam time with its offset, e.g. 2026-11-23T18:30:05+07:00 (Vietnam has no DST). */
export function vnIsoTime(d: Date): string {
  return `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * One RFC 4180 line (CRLF). Cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe: audit data carries user-typed text (CSV injection).
 */
export function csvLine(cells: readonly string[]): string {
  return (
    cells
      .map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',') + '\r\n'
  );
}
