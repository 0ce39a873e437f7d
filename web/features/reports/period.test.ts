import { describe, expect, it } from 'vitest';
import { periodStart, reportYears, vietnamQuarterStart } from './period.ts';

describe('reports default period', () => {
  it('opens on the quarter it is in Vietnam, already the new year from 00:00 to 07:00 on 1 January', () => {
    // 31/12/2026 23:30 UTC = 01/01/2027 06:30 in Vietnam.
    expect(vietnamQuarterStart(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(reportYears(new Date('2026-12-31T23:30:00Z'))[0]).toBe('2027');
    // 31/12/2026 16:59 UTC = 31/12/2026 23:59 in Vietnam.
    expect(vietnamQuarterStart(new Date('2026-12-31T16:59:00Z'))).toBe('2026-10-01');
    expect(vietnamQuarterStart(new Date('2026-06-30T12:00:00Z'))).toBe('2026-04-01');
    expect(reportYears(new Date('2026-06-30T12:00:00Z'))).toEqual(['2026', '2025', '2024', '2023', '2022', '2021']);
  });
});

describe('a period from a link', () => {
  it('starts on the first day of the month, quarter, half or year holding the day it carries', () => {
    expect(periodStart('quarter', '2026-11-15')).toBe('2026-10-01');
    expect(periodStart('month', '2026-11-15')).toBe('2026-11-01');
    expect(periodStart('half', '2026-06-30')).toBe('2026-01-01');
    expect(periodStart('half', '2026-07-02')).toBe('2026-07-01');
    expect(periodStart('year', '2026-11-15')).toBe('2026-01-01');
    expect(periodStart('custom', '2026-11-15')).toBe('2026-11-15');
    expect(periodStart('quarter', 'hôm qua')).toBe('hôm qua');
    expect(periodStart('quarterly' as 'quarter', '2026-11-15')).toBe('2026-11-15');
  });
});
