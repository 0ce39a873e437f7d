import type { JobHelpers } from 'graphile-worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, unitReports } from '../../db/schema/index.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createReportWorld, type ReportWorld } from '../../test/report-fixtures.ts';
import { createPrepareReportDraftsTask } from './prepare-report-drafts.ts';

describe('scheduled report drafts: on the first day of a period, the past period is drafted and the managers told', () => {
  let t: TestDatabase;
  let w: ReportWorld;
  const log = createLogger('silent');
  const run = (at: string) => createPrepareReportDraftsTask({ db: t.db, log, clock: { now: () => new Date(at) } })({}, {} as JobHelpers);

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await createReportWorld(t.db, createSecretBox(generateSecretKey()));
  });
  afterAll(() => t.close());

  it('drafts nothing on another day', async () => {
    await run('2026-12-15T03:00:00Z');
    expect(await t.db.select().from(unitReports)).toHaveLength(0);
  });

  it('on 1 January (Vietnam day: 17:05 UTC on 31 Dec) drafts December, Q4, the second half and the year, once', async () => {
    await run('2026-12-31T17:05:00Z');
    await run('2026-12-31T18:07:00Z');
    const drafts = await t.db.select().from(unitReports).where(eq(unitReports.unitId, w.province));
    expect(drafts.map((d) => `${d.periodKind} ${d.periodFrom}..${d.periodTo}`).sort()).toEqual([
      'half 2026-07-01..2026-12-31',
      'month 2026-12-01..2026-12-31',
      'quarter 2026-10-01..2026-12-31',
      'year 2026-01-01..2026-12-31',
    ]);
    expect(drafts.every((d) => d.state === 'draft' && d.narrative.summary.includes('2026'))).toBe(true);
    // Commune A has a manager of its own: its drafts are made too.
    expect(await t.db.select().from(unitReports).where(eq(unitReports.unitId, w.communeA))).toHaveLength(4);
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, w.managerId));
    expect(told.filter((n) => n.kind === 'report_draft_ready')).toHaveLength(4);
  });
});
