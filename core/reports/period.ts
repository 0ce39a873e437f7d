import { AppError } from '../../lib/errors.ts';
import type { Period } from '../metrics/figures.ts';
import { assertOrdered, vnDay } from '../metrics/period.ts';

/** How a report's period is chosen: a calendar month, quarter, half year, year, or any range of days. */
export const periodKinds = ['month', 'quarter', 'half', 'year', 'custom'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** A report period: Vietnam days, both included, and how it was chosen. */
export interface ReportPeriod extends Period {
  kind: PeriodKind;
  /** How an administrative report names it: "Quý IV năm 2026", "tháng 11 năm 2026" … */
  label: string;
}

const MONTHS_OF: Record<Exclude<PeriodKind, 'custom'>, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const ROMAN = ['I', 'II', 'III', 'IV'];

function ymd(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day of month `m` (1-based; may overflow into later years) of year `y`. */
function monthEnd(y: number, m: number): string {
  return ymd(y, m + 1, 0);
}

function dmy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function labelOf(kind: PeriodKind, from: string, to: string): string {
  const y = Number(from.slice(0, 4));
  const m = Number(from.slice(5, 7));
  if (kind === 'month') return `tháng ${m} năm ${y}`;
  if (kind === 'quarter') return `quý ${ROMAN[(m - 1) / 3]} năm ${y}`;
  if (kind === 'half') return `${m === 1 ? '6 tháng đầu' : '6 tháng cuối'} năm ${y}`;
  if (kind === 'year') return `năm ${y}`;
  return `từ ngày ${dmy(from)} đến ngày ${dmy(to)}`;
}

// The manager reads this message: the kind in Vietnamese, never its API key ("quarter").
const VI_KIND: Record<Exclude<PeriodKind, 'custom'>, string> = { month: 'tháng', quarter: 'quý', half: 'nửa năm', year: 'năm' };

const badStart = (kind: Exclude<PeriodKind, 'custom'>) =>
  new AppError(
    'PERIOD_START_INVALID',
    400,
    {
      vi: `Ngày bắt đầu của kỳ báo cáo theo ${VI_KIND[kind]} phải là ngày đầu ${VI_KIND[kind]}`,
      en: `A ${kind} period must start on the first day of a ${kind === 'half' ? 'half year' : kind}`,
    },
    'querystring:/from',
  );

// Long enough for a campaign phase (2020–2025) or a decade's review; a century typed by mistake is refused,
// not computed (with its previous period reaching back to 1899).
const MAX_CUSTOM_DAYS = 3_653;

const tooLong = () =>
  new AppError('PERIOD_TOO_LONG', 400, { vi: 'Kỳ báo cáo tự chọn dài tối đa 10 năm', en: 'A custom period is at most 10 years long' }, 'querystring:/to');

/**
 * The period a report covers. A calendar period is named by its first day (`from`, e.g.
 * 2026-10-01 for Q4); a custom one by `from` and `to`. Days are Vietnam days.
 */
export function reportPeriod(kind: PeriodKind, from: string, to?: string): ReportPeriod {
  if (kind === 'custom') {
    const end = to ?? from;
    assertOrdered(from, end);
    if (Date.parse(end) - Date.parse(from) >= MAX_CUSTOM_DAYS * 86_400_000) throw tooLong();
    return { kind, from, to: end, label: labelOf(kind, from, end) };
  }
  const y = Number(from.slice(0, 4));
  const m = Number(from.slice(5, 7));
  const months = MONTHS_OF[kind];
  if (from.slice(8) !== '01' || (m - 1) % months !== 0) throw badStart(kind);
  const end = monthEnd(y, m + months - 1);
  return { kind, from, to: end, label: labelOf(kind, from, end) };
}

/** The period just before: the previous month/quarter/half/year, or as many days right before a custom range. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  if (p.kind === 'custom') {
    const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;
    const to = ymd(Number(p.from.slice(0, 4)), Number(p.from.slice(5, 7)), Number(p.from.slice(8)) - 1);
    const from = ymd(Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(to.slice(8)) - days + 1);
    return reportPeriod('custom', from, to);
  }
  const months = MONTHS_OF[p.kind];
  const y = Number(p.from.slice(0, 4));
  const m = Number(p.from.slice(5, 7));
  return reportPeriod(p.kind, ymd(y, m - months, 1));
}

/** The calendar period of `kind` that ended most recently before the Vietnam day of `now` (for scheduled drafts). */
export function lastCompletedPeriod(kind: Exclude<PeriodKind, 'custom'>, now: Date): ReportPeriod {
  const today = vnDay(now);
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const months = MONTHS_OF[kind];
  const currentStart = m - ((m - 1) % months);
  return reportPeriod(kind, ymd(y, currentStart - months, 1));
}

/** A rollup bucket: a whole Vietnam day, month or year. */
export interface Bucket {
  level: 'day' | 'month' | 'year';
  bucket: string;
}

/**
 * The fewest whole years, months and days that exactly cover the period, so a report reads
 * one rollup row per bucket instead of a row per day.
 */
export function bucketsOf(p: Period): Bucket[] {
  const out: Bucket[] = [];
  let day = p.from;
  while (day <= p.to) {
    const y = Number(day.slice(0, 4));
    const m = Number(day.slice(5, 7));
    const d = Number(day.slice(8));
    if (m === 1 && d === 1 && ymd(y, 12, 31) <= p.to) {
      out.push({ level: 'year', bucket: day });
      day = ymd(y + 1, 1, 1);
    } else if (d === 1 && monthEnd(y, m) <= p.to) {
      out.push({ level: 'month', bucket: day });
      day = ymd(y, m + 1, 1);
    } else {
      out.push({ level: 'day', bucket: day });
      day = ymd(y, m, d + 1);
    }
  }
  return out;
}
