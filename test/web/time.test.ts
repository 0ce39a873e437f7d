import { describe, expect, it } from 'vitest';
import { formatDateTime, parseTypedDate, parseTypedDateTime, vietnamDayStart, vietnamRanges, vietnamToday } from '../../web/lib/time.ts';

/** The app shows Vietnam time (UTC+7, no daylight saving) whatever the browser's zone. */
describe('web/lib/time', () => {
  it('formats a UTC instant as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh', () => {
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
    expect(formatDateTime(null)).toBe('');
  });

  it('gives today and this week (Monday first) in Vietnam time, as UTC bounds', () => {
    // Sunday 06/12/2026 23:00 in Vietnam = 16:00 UTC.
    const { today, week } = vietnamRanges(new Date('2026-12-06T16:00:00Z'));
    expect(today).toEqual(['2026-12-05T17:00:00.000Z', '2026-12-06T17:00:00.000Z']);
    expect(week).toEqual(['2026-11-29T17:00:00.000Z', '2026-12-06T17:00:00.000Z']);
  });

  it("gives today's date in Vietnam, already tomorrow's UTC date from 00:00 to 07:00", () => {
    expect(vietnamToday(new Date('2026-12-06T20:00:00Z'))).toBe('2026-12-07');
    expect(vietnamToday(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('reads a day typed as dd/mm/yyyy as the instant it starts in Vietnam', () => {
    expect(vietnamDayStart('6/12/2026')).toBe('2026-12-05T17:00:00.000Z');
    expect(vietnamDayStart('2026-12-06')).toBe('2026-12-05T17:00:00.000Z');
    expect(vietnamDayStart('hôm qua')).toBeUndefined();
  });

  it('reads the day an officer types in the date fields (dd/mm/yyyy first) and refuses a day that does not exist', () => {
    expect(parseTypedDate('05/12/2026')).toBe('2026-12-05');
    expect(parseTypedDate('5/1/2027')).toBe('2027-01-05');
    expect(parseTypedDate('05.12.2026')).toBe('2026-12-05');
    expect(parseTypedDate('2026-12-05')).toBe('2026-12-05');
    expect(parseTypedDate('31/02/2026')).toBeNull();
    expect(parseTypedDate('12/5/26')).toBeNull();
    // A month-first day and an unfinished one are not days: the field keeps them as typed and says so.
    expect(parseTypedDate('12/13/2026')).toBeNull();
    expect(parseTypedDate('3/4')).toBeNull();
  });

  it('reads a day and a 24-hour time typed as dd/mm/yyyy HH:mm', () => {
    expect(parseTypedDateTime('08/12/2026 17:30')).toBe('2026-12-08 17:30:00');
    expect(parseTypedDateTime('8/12/2026 7:05')).toBe('2026-12-08 07:05:00');
    expect(parseTypedDateTime('08/12/2026 24:00')).toBeNull();
    expect(parseTypedDateTime('08/12/2026')).toBeNull();
    expect(parseTypedDateTime('08/13/2026 17:30')).toBeNull();
  });
});
