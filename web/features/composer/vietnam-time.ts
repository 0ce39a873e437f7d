import dayjs from 'dayjs';
import { VIETNAM_TZ } from '../../lib/time.ts';

const pattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})$/;

/** dd/MM/yyyy HH:mm in Vietnam time as typed, whatever the browser's language: the instant in UTC, or null when left empty. */
export function parseVietnamTime(text: string): string | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const m = pattern.exec(t);
  if (!m) return undefined;
  const [, d, mo, y, h, mi] = m.map(Number) as number[];
  const local = dayjs.tz(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`, VIETNAM_TZ);
  // dayjs rolls 31/02 over to March: refuse what does not round-trip.
  return local.isValid() && local.date() === d && local.month() + 1 === mo && local.hour() === h ? local.toISOString() : undefined;
}
