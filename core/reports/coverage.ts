import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Period } from '../metrics/figures.ts';
import { itemsDue } from './pushes.ts';
import type { ReportScope } from './scope.ts';

/** How many of the scope's communes received one item in their Zalo groups. */
export interface ItemCoverage {
  itemId: string;
  covered: number;
}

export interface CoverageRows {
  /** Units of kind `commune` in the scope; one with no group is never covered. */
  communes: { unitId: string; name: string; itemsReceived: number }[];
  items: ItemCoverage[];
}

/** The coverage counted from the scope root's id alone: the items due, and how many of them each commune received. */
export interface CoverageCounts {
  items: ItemCoverage[];
  received: Map<string, number>;
}

/**
 * Commune coverage: for every item the scope's channels were due to carry in the period, the
 * communes (units of kind commune, with the units below them) at least one of whose groups
 * got it pushed (published or later taken down); and per commune how many items it received.
 * Read from rollup_unit_coverage (migration 0026): the scope root's (commune, item) pairs (the caller drains their
 * queue first: drainReportQueues). Needs only the root's id, so a report starts it beside its scope (coverageOf).
 */
export async function coverageCounts(q: Queryable, rootUnitId: string, period: Period): Promise<CoverageCounts> {
  const [items, counts] = await Promise.all([
    itemsDue(q, rootUnitId, period),
    // The distinct (commune, item) pairs counted per item and per commune in one pass (grouping sets). Taken in
    // (item, commune) order (distinct on), a long period reads them sorted from rollup_unit_coverage_pairs_idx
    // (migration 0038) and counts them per item as they come (a province-year: 11 ms of CPU where hashing them took 25-33).
    q.execute<{ item_id: string | null; commune_id: string | null; n: number }>(sql`
      select item_id, commune_id, count(*)::int as n
      from (
        select distinct on (item_id, commune_id) item_id, commune_id from rollup_unit_coverage
        where unit_id = ${rootUnitId} and day between ${period.from}::date and ${period.to}::date and received > 0
        order by item_id, commune_id
      ) pairs
      group by grouping sets ((item_id), (commune_id))`),
  ]);
  const covered = new Map<string, number>();
  const received = new Map<string, number>();
  for (const r of counts) {
    if (r.item_id !== null) covered.set(r.item_id, r.n);
    else if (r.commune_id !== null) received.set(r.commune_id, r.n);
  }
  return { items: items.map((itemId) => ({ itemId, covered: covered.get(itemId) ?? 0 })), received };
}

/** The counts laid over the scope's communes (a commune with nothing received is listed with 0). */
export function coverageOf(scope: ReportScope, counts: CoverageCounts): CoverageRows {
  return {
    communes: scope.units.filter((u) => u.kind === 'commune').map((u) => ({ unitId: u.id, name: u.name, itemsReceived: counts.received.get(u.id) ?? 0 })),
    items: counts.items,
  };
}

/** coverageCounts over the scope's communes. */
export async function coverageRows(q: Queryable, scope: ReportScope, period: Period): Promise<CoverageRows> {
  return coverageOf(scope, await coverageCounts(q, scope.root.id, period));
}
