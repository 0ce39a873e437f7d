import { describe, expect, it } from 'vitest';
import { reportYears, vietnamQuarterStart } from './period.ts';

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
