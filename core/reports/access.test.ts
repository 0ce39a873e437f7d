import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createReportWorld, type ReportWorld } from '../../test/report-fixtures.ts';
import type { Actor } from '../actor.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { readComplianceMatrix, readReport, readReportTop } from './access.ts';
import { reportPeriod } from './period.ts';

/** The database as the code under test sees it, counting every query it starts. */
function counting(db: Queryable): { q: Queryable; calls: () => number } {
  let calls = 0;
  const q = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { q, calls: () => calls };
}

describe('report access comes before the build', () => {
  let database: TestDatabase;
  let w: ReportWorld;
  let communeManager: Actor;
  const period = reportPeriod('quarter', '2026-10-01');
  const now = new Date('2027-01-03T00:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await createReportWorld(database.db, createSecretBox(generateSecretKey()));
    const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, w.communeManagerEmail));
    communeManager = { kind: 'user', userId: u!.id };
  });
  afterAll(() => database.close());

  // A commune's manager asking for the province's report used to make the server build the whole
  // province's report beside the access check, and only then be refused.
  it.each([
    ['readReport', (q: Queryable) => readReport(q, communeManager, w.province, period, now)],
    ['readReportTop', (q: Queryable) => readReportTop(q, communeManager, w.province, period, now, 50)],
    ['readComplianceMatrix', (q: Queryable) => readComplianceMatrix(q, communeManager, w.province, period)],
  ])('%s: a reader without access is refused with no query but the access check', async (_name, read) => {
    const check = counting(database.db);
    await expect(assertAllowedOnUnit(check.q, communeManager, 'report.read', w.province, '/unitId')).rejects.toThrow(AppError);

    const refused = counting(database.db);
    const error: unknown = await read(refused.q).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(403);
    expect(refused.calls()).toBe(check.calls());
  });

  it('a reader with access still gets the report', async () => {
    const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, w.managerEmail));
    const report = await readReport(database.db, { kind: 'user', userId: u!.id }, w.province, period, now);
    expect(report.byUnit.length).toBeGreaterThan(0);
  });
});
