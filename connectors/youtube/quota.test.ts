import { describe, expect, it } from 'vitest';
import { createMemoryQuotaLedger, nextPacificMidnight, pacificDay, projectBuckets } from './quota.ts';

describe('YouTube quota day (midnight America/Los_Angeles)', () => {
  it.each([
    // Summer (PDT, UTC-7): midnight is 07:00 UTC.
    ['2026-07-15T18:00:00Z', '2026-07-15', '2026-07-16T07:00:00.000Z'],
    ['2026-07-16T06:59:59Z', '2026-07-15', '2026-07-16T07:00:00.000Z'],
    ['2026-07-16T07:00:00Z', '2026-07-16', '2026-07-17T07:00:00.000Z'],
    // Winter (PST, UTC-8): 08:00 UTC.
    ['2026-01-10T03:00:00Z', '2026-01-09', '2026-01-10T08:00:00.000Z'],
    // DST starts 2026-03-08 at 02:00: the day that ends on it is 23 hours long.
    ['2026-03-07T12:00:00Z', '2026-03-07', '2026-03-08T08:00:00.000Z'],
    ['2026-03-08T08:00:00Z', '2026-03-08', '2026-03-09T07:00:00.000Z'],
    // DST ends 2026-11-01 at 02:00: 25 hours.
    ['2026-11-01T07:00:00Z', '2026-11-01', '2026-11-02T08:00:00.000Z'],
    // Year end, seen from Vietnam already on 1 January.
    ['2026-12-31T20:00:00Z', '2026-12-31', '2027-01-01T08:00:00.000Z'],
  ])('at %s the quota day is %s and resets at %s', (now, day, reset) => {
    expect(pacificDay(new Date(now))).toBe(day);
    expect(nextPacificMidnight(new Date(now)).toISOString()).toBe(reset);
  });
});

describe('memory quota ledger', () => {
  const buckets = projectBuckets('client-1', { quotaUploadsPerDay: 2, quotaUnitsPerDay: 100 });

  it('takes until the allowance is spent, then defers to the next Pacific midnight with a Vietnamese reason', async () => {
    const ledger = createMemoryQuotaLedger();
    const now = new Date('2026-07-15T18:00:00Z');
    expect(await ledger.reserve(buckets.uploads, 1, now)).toBeNull();
    expect(await ledger.reserve(buckets.uploads, 1, now)).toBeNull();
    const deferral = await ledger.reserve(buckets.uploads, 1, now);
    expect(deferral?.notBefore.toISOString()).toBe('2026-07-16T07:00:00.000Z');
    // 07:00 UTC is 14:00 in Vietnam.
    expect(deferral?.reason.vi).toBe(
      'Đã dùng hết hạn mức YouTube trong ngày (2 lượt tải video lên), hạn mức được cấp lại lúc 0 giờ theo giờ Thái Bình Dương; Loa sẽ đăng vào 16/07/2026 14:00',
    );
    expect(ledger.used(buckets.uploads, now)).toBe(2);
    // A refused reservation takes nothing; units are a separate bucket.
    expect(await ledger.reserve(buckets.units, 50, now)).toBeNull();
    expect(await ledger.reserve(buckets.units, 51, now)).not.toBeNull();
    expect(await ledger.reserve(buckets.units, 50, now)).toBeNull();
    // The next quota day starts empty.
    expect(await ledger.reserve(buckets.uploads, 1, new Date('2026-07-16T07:00:00Z'))).toBeNull();
  });

  it('a bucket YouTube reported spent stays spent until the reset; other projects are not touched', async () => {
    const ledger = createMemoryQuotaLedger();
    const now = new Date('2026-01-10T03:00:00Z');
    await ledger.exhaust(buckets.units, now);
    expect((await ledger.reserve(buckets.units, 1, now))?.notBefore.toISOString()).toBe('2026-01-10T08:00:00.000Z');
    const other = projectBuckets('client-2', { quotaUploadsPerDay: 2, quotaUnitsPerDay: 100 });
    expect(await ledger.reserve(other.units, 1, now)).toBeNull();
    expect(await ledger.reserve(buckets.units, 1, new Date('2026-01-10T08:00:00Z'))).toBeNull();
  });
});
