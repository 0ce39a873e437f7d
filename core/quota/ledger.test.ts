import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaUsage } from '../../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { exhaustQuota, reserveQuota } from './ledger.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function row(bucketId: string, day: string) {
  const [r] = await t.db.select().from(quotaUsage).where(and(eq(quotaUsage.bucketId, bucketId), eq(quotaUsage.day, day)));
  return r ?? null;
}

describe('quota ledger in Postgres', () => {
  it('takes while the units fit; a reservation that does not fit takes nothing, a smaller one still can', async () => {
    const key = { bucketId: 'youtube:p1:units', day: '2026-07-15', limit: 100 };
    expect(await reserveQuota(t.db, { ...key, units: 50 })).toBe(true);
    expect(await reserveQuota(t.db, { ...key, units: 50 })).toBe(true);
    expect(await reserveQuota(t.db, { ...key, units: 1 })).toBe(false);
    expect(await row(key.bucketId, key.day)).toMatchObject({ used: 100, exhausted: false });

    const other = { bucketId: 'youtube:p1:uploads', day: '2026-07-15', limit: 100 };
    expect(await reserveQuota(t.db, { ...other, units: 60 })).toBe(true);
    expect(await reserveQuota(t.db, { ...other, units: 50 })).toBe(false);
    expect(await reserveQuota(t.db, { ...other, units: 40 })).toBe(true);
    // More than a whole day's allowance is never taken, not even on a fresh day.
    expect(await reserveQuota(t.db, { bucketId: 'youtube:p1:units', day: '2026-07-16', limit: 100, units: 101 })).toBe(false);
    expect(await row('youtube:p1:units', '2026-07-16')).toBeNull();
    // The limit is read at each call: an allowance raised during the day applies at once.
    expect(await reserveQuota(t.db, { ...key, limit: 150, units: 50 })).toBe(true);
  });

  it('an exhausted bucket refuses everything that day, counted or not; the next day and other buckets are untouched', async () => {
    const key = { bucketId: 'youtube:p2:uploads', day: '2026-01-09' };
    await exhaustQuota(t.db, key);
    expect(await reserveQuota(t.db, { ...key, units: 1, limit: 100 })).toBe(false);
    expect(await row(key.bucketId, key.day)).toMatchObject({ used: 0, exhausted: true });

    const counted = { bucketId: 'youtube:p2:units', day: '2026-01-09' };
    expect(await reserveQuota(t.db, { ...counted, units: 10, limit: 100 })).toBe(true);
    await exhaustQuota(t.db, counted);
    await exhaustQuota(t.db, counted);
    expect(await reserveQuota(t.db, { ...counted, units: 1, limit: 100 })).toBe(false);
    expect(await row(counted.bucketId, counted.day)).toMatchObject({ used: 10, exhausted: true });

    expect(await reserveQuota(t.db, { ...key, day: '2026-01-10', units: 1, limit: 100 })).toBe(true);
    expect(await reserveQuota(t.db, { bucketId: 'youtube:p3:uploads', day: '2026-01-09', units: 1, limit: 100 })).toBe(true);
  });
});
