import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { platforms } from '../../lib/platforms.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { COUNTED_METRICS, kindOf } from './kinds.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

// The channel rollups are summed by kind in SQL (loa_metric_kind, migration 0037): its table must be kindOf's.
it('loa_metric_kind gives every platform metric the kind kindOf gives it', async () => {
  const metrics = [...COUNTED_METRICS, 'post_reactions_by_type_total.like', 'post_impressions_unique', 'unknown'];
  const pairs = platforms.flatMap((platform) => metrics.map((metric) => ({ platform, metric })));
  const rows = await database.db.execute<{ platform: string; metric: string; kind: string | null }>(sql`
    select p.platform, p.metric, loa_metric_kind(p.platform::platform, p.metric) as kind
    from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(platform text, metric text)`);
  expect(rows.map((r) => ({ platform: r.platform, metric: r.metric, kind: r.kind }))).toEqual(pairs.map((p) => ({ ...p, kind: kindOf(p.platform, p.metric) })));
});
