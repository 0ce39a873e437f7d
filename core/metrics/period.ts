import { AppError } from '../../lib/errors.ts';
import type { Period } from './figures.ts';

/** Days a report covers when `from` is not given, counting `to`. */
export const DEFAULT_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

/** The Vietnam day (`YYYY-MM-DD`) an instant falls in (Asia/Ho_Chi_Minh is UTC+7, no DST). */
export function vnDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnam day starts. */
export function vnDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/**
 * A report period from `?from=&to=` (Vietnam days, both included): `to` defaults to today,
 * `from` to DEFAULT_PERIOD_DAYS days ending at `to`. `from` after `to` is a 400 on `from`.
 */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = query.to ?? vnDay(now);
  const from = query.from ?? vnDay(new Date(vnDayStart(to).getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS));
  assertOrdered(from, to);
  return { from, to };
}

/** 400 on `from` when it falls after `to`. */
export function assertOrdered(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined || from <= to) return;
  throw new AppError(
    'PERIOD_INVALID',
    400,
    { vi: 'Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to)', en: '`from` must be on or before `to`' },
    'querystring:/from',
  );
}
