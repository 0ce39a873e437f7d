import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column in (the given unit ids)`, for a report's subtree (3,031 units for a province). Written
 * as a semi-join on unnest rather than `= any(array)`: the planner sizes unnest by the array's
 * length, where it estimates `= any` element by element (~25 ms of planning per query for a
 * province, measured), on every query of every report.
 */
export function inUnits(column: SQL | AnyPgColumn, ids: readonly string[]): SQL {
  return sql`${column} in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`;
}
