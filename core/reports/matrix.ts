import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Period } from '../metrics/figures.ts';
import { vnDayStart } from '../metrics/period.ts';
import { OFFICER_PLATFORMS } from '../manual/settings.ts';
import type { ReportScope } from './scope.ts';
import { inUnits } from './in-units.ts';
import { compareVietnamese } from '../../lib/text.ts';

/** Pushes of one item into one commune's groups (its own and those of units below it). */
export interface MatrixCell {
  itemId: string;
  communeId: string;
  onTime: number;
  late: number;
  missed: number;
  /** Open or not due yet. */
  pending: number;
}

export interface ComplianceMatrix {
  communes: { id: string; name: string }[];
  items: { id: string; title: string }[];
  cells: MatrixCell[];
}

/**
 * The compliance table item × commune of a scope and period: for each item pushed to commune
 * groups (the latest `itemLimit`) and each commune of the scope, how its groups' pushes went.
 * A commune with no push of an item has no cell (shown as not received).
 */
export async function complianceMatrix(q: Queryable, scope: ReportScope, period: Period, itemLimit = 50): Promise<ComplianceMatrix> {
  const start = vnDayStart(period.from).toISOString();
  const end = new Date(vnDayStart(period.to).getTime() + 86_400_000).toISOString();
  const byId = new Map(scope.units.map((u) => [u.id, u]));
  const communeOf = (unitId: string): string | undefined => {
    for (let u = byId.get(unitId); u; u = u.parentId ? byId.get(u.parentId) : undefined) if (u.kind === 'commune') return u.id;
    return undefined;
  };
  const rows = await q.execute<{ item_id: string; title: string; unit_id: string; on_time: number; late: number; missed: number; pending: number; due: string }>(sql`
    select d.item_id, coalesce(min(ar.title), '') as title, c.unit_id, min(d.due_at) as due,
      count(*) filter (where d.state in ('published', 'taken_down') and not d.late)::int as on_time,
      count(*) filter (where d.state in ('published', 'taken_down') and d.late)::int as late,
      count(*) filter (where d.state = 'missed')::int as missed,
      count(*) filter (where d.state not in ('published', 'taken_down', 'missed', 'cancelled'))::int as pending
    from deliveries d join channels c on c.id = d.channel_id
    join content_items ci on ci.id = d.item_id left join revisions ar on ar.id = ci.approved_revision_id
    where c.platform::text = any(${`{${OFFICER_PLATFORMS.join(',')}}`}::text[]) and d.state <> 'cancelled'
      and d.due_at >= ${start}::timestamptz and d.due_at < ${end}::timestamptz
      and ${inUnits(sql`c.unit_id`, scope.ids)}
    group by d.item_id, c.unit_id`);
  const items = new Map<string, { id: string; title: string; due: string }>();
  for (const r of rows) if (!items.has(r.item_id) || r.due < items.get(r.item_id)!.due) items.set(r.item_id, { id: r.item_id, title: r.title, due: r.due });
  const kept = [...items.values()].sort((a, b) => (a.due < b.due ? 1 : -1)).slice(0, itemLimit);
  const keep = new Set(kept.map((i) => i.id));
  const cells = new Map<string, MatrixCell>();
  for (const r of rows) {
    const communeId = communeOf(r.unit_id);
    if (!communeId || !keep.has(r.item_id)) continue;
    const key = `${r.item_id}|${communeId}`;
    const cell = cells.get(key) ?? { itemId: r.item_id, communeId, onTime: 0, late: 0, missed: 0, pending: 0 };
    cell.onTime += r.on_time;
    cell.late += r.late;
    cell.missed += r.missed;
    cell.pending += r.pending;
    cells.set(key, cell);
  }
  return {
    communes: scope.units.filter((u) => u.kind === 'commune').map((u) => ({ id: u.id, name: u.name })).sort((a, b) => compareVietnamese(a.name, b.name)),
    items: kept.map(({ id, title }) => ({ id, title })),
    cells: [...cells.values()],
  };
}
