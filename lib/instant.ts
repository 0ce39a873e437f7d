/**
 * Which date and time texts Loa accepts: those that JavaScript's Date and PostgreSQL read
 * as the same instant. RFC 3339 alone lets through year 0000 (PostgreSQL has no year 0)
 * and the leap second `:60` (Date cannot hold it), which used to end as 500s.
 */
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(\.\d{1,9})?([Zz]|([+-])(\d\d):(\d\d))$/;
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

function validDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** An RFC 3339 date-time with offset, seconds 00–59, whose UTC instant lies in years 1–9999. */
export function isStorableDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  const utcYear = new Date(value).getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999;
}

/** A calendar day YYYY-MM-DD in years 1–9999. */
export function isStorableDate(value: string): boolean {
  const m = DATE.exec(value);
  return !!m && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}
