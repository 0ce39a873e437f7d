import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { emptyCounts, toCounts, type ComplianceCounts, type CountRow } from '../manual/compliance.ts';
import type { Period } from '../metrics/figures.ts';
import { inUnits } from './in-units.ts';

/**
 * Pushes into commune groups due in the period (Vietnam days), with the states, reach and clicks of
 * core/manual/compliance.ts, for each unit given: its groups and those of every unit below it. Read
 * from rollup_unit_pushes (migration 0026): one row per unit, due day and item (the caller drains their queue first: drainReportQueues).
 */
export async function subtreePushes(q: Queryable, unitIds: readonly string[], period: Period): Promise<Map<string, ComplianceCounts>> {
  const rows = await q.execute<CountRow & { unit_id: string }>(sql`
    select unit_id, sum(pushes)::int as pushes, sum(on_time)::int as on_time, sum(late)::int as late, sum(missed)::int as missed,
      sum(awaiting)::int as awaiting, sum(scheduled)::int as scheduled, sum(cancelled)::int as cancelled,
      sum(reach)::float8 as reach, sum(clicks)::float8 as clicks
    from rollup_unit_pushes
    where ${inUnits(sql`unit_id`, unitIds)} and day between ${period.from}::date and ${period.to}::date
    group by unit_id`);
  const out = new Map(unitIds.map((id) => [id, emptyCounts()]));
  for (const r of rows) out.set(r.unit_id, toCounts(r));
  return out;
}

/** The items a unit's subtree was due to carry in the period (deliveries not cancelled, any platform); the caller drains first. */
export async function itemsDue(q: Queryable, unitId: string, period: Period): Promise<string[]> {
  const rows = await q.execute<{ item_id: string }>(sql`
    select item_id from rollup_unit_pushes
    where unit_id = ${unitId} and day between ${period.from}::date and ${period.to}::date
    group by item_id having sum(due) > 0`);
  return rows.map((r) => r.item_id);
}
