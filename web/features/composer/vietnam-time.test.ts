import { describe, expect, it } from 'vitest';
import { parseVietnamTime } from './vietnam-time.ts';

describe('parseVietnamTime', () => {
  it('reads dd/MM/yyyy HH:mm as Vietnam time (UTC+7)', () => {
    expect(parseVietnamTime('25/12/2026 19:00')).toBe('2026-12-25T12:00:00.000Z');
    expect(parseVietnamTime(' 1/1/2027 7:05 ')).toBe('2027-01-01T00:05:00.000Z');
  });

  it('is null when empty and undefined (not a time) when it cannot be a date', () => {
    expect(parseVietnamTime('')).toBeNull();
    expect(parseVietnamTime('12/25/2026 19:00')).toBeUndefined();
    expect(parseVietnamTime('31/02/2027 10:00')).toBeUndefined();
    expect(parseVietnamTime('25/12/2026')).toBeUndefined();
  });
});
