import { AppError } from '../../lib/errors.ts';
import { vnDayStart } from '../metrics/period.ts';

const DAY_MS = 86_400_000;

export interface DueRangeQuery {
  /** Instants, due in [dueFrom, dueTo). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Vietnam days (YYYY-MM-DD), both included: what a calendar page shows. */
  fromDay?: string | undefined;
  toDay?: string | undefined;
}

/**
 * The due-time window of a listing. Days are Asia/Ho_Chi_Minh days, so "1/12" means from
 * 00:00 Vietnam time (17:00 UTC the day before); the narrower bound wins when both forms
 * are given. An empty or reversed window is a 400 naming the bound.
 */
export function dueRangeOf(q: DueRangeQuery): { dueFrom?: Date; dueTo?: Date } {
  const starts = [q.dueFrom ? new Date(q.dueFrom) : null, q.fromDay ? vnDayStart(q.fromDay) : null].filter((d) => d !== null);
  const ends = [q.dueTo ? new Date(q.dueTo) : null, q.toDay ? new Date(vnDayStart(q.toDay).getTime() + DAY_MS) : null].filter((d) => d !== null);
  const dueFrom = starts.length ? new Date(Math.max(...starts.map((d) => d.getTime()))) : undefined;
  const dueTo = ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : undefined;
  if (dueFrom && dueTo && dueFrom >= dueTo) {
    throw new AppError(
      'RANGE_INVALID',
      400,
      { vi: 'Thời điểm bắt đầu phải trước thời điểm kết thúc', en: 'The start must be before the end' },
      q.fromDay ? 'querystring:/fromDay' : 'querystring:/dueFrom',
    );
  }
  return { ...(dueFrom ? { dueFrom } : {}), ...(dueTo ? { dueTo } : {}) };
}
