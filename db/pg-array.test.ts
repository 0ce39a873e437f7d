import { describe, expect, it } from 'vitest';
import { pgArrayLiteral } from './pg-array.ts';

describe('pgArrayLiteral', () => {
  it('quotes every element, escapes quotes and backslashes, and writes null as NULL', () => {
    expect(pgArrayLiteral([])).toBe('{}');
    expect(pgArrayLiteral(['0b8a1b52-5b1e-4c5e-9f0e-1d2c3b4a5f60', '2026-12-07T17:00:00.000Z'])).toBe('{"0b8a1b52-5b1e-4c5e-9f0e-1d2c3b4a5f60","2026-12-07T17:00:00.000Z"}');
    expect(pgArrayLiteral(['a"b', 'c\\d', '', 'NULL', null, 'x,y', '{z}', ' s '])).toBe('{"a\\"b","c\\\\d","","NULL",NULL,"x,y","{z}"," s "}');
  });
});
