import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { UnitKind } from '../../db/schema/index.ts';
import { notFound } from '../../lib/errors.ts';
import { compareVietnamese } from '../../lib/text.ts';

export interface ScopeUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  /** The row of the report the unit's figures go to: the root's child it sits under, or the root itself. */
  top: string;
}

export interface ReportScope {
  root: { id: string; name: string; kind: UnitKind; parentId: string | null };
  units: ScopeUnit[];
  /** Every unit id of the subtree, root included. */
  ids: string[];
  /** The root's children, by name (the "by unit" rows; the root's own channels make one more row). */
  children: ScopeUnit[];
  topOf: Map<string, string>;
}

/**
 * The units of a unit's subtree as rows (id, top, depth): `top` is the report row a unit's figures go to (the root's
 * child it sits under, or the root), depth 0 the root. A query can read the subtree from the root's id alone.
 */
export function subtreeSql(rootId: string): SQL {
  return sql`with recursive down(id, top, depth) as (
      select id, id, 0 from units where id = ${rootId}
      union all
      select u.id, case when down.depth = 0 then u.id else down.top end, down.depth + 1 from units u join down on u.parent_id = down.id
    )
    select id, top, depth from down`;
}

/** A unit's subtree, each unit tagged with the child of the root it belongs to. */
export async function reportScope(q: Queryable, rootId: string): Promise<ReportScope> {
  const rows = await q.execute<{ id: string; name: string; kind: UnitKind; parent_id: string | null; top: string; depth: number }>(sql`
    select u.id, u.name, u.kind, u.parent_id, s.top, s.depth from (${subtreeSql(rootId)}) s join units u on u.id = s.id`);
  const rootRow = rows.find((r) => r.depth === 0);
  if (!rootRow) throw notFound({ vi: 'đơn vị', en: 'Unit' }, '/unitId');
  const units = rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, top: r.top }));
  return {
    root: { id: rootRow.id, name: rootRow.name, kind: rootRow.kind, parentId: rootRow.parent_id },
    units,
    ids: units.map((u) => u.id),
    children: rows.filter((r) => r.depth === 1).map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, top: r.id })).sort((a, b) => compareVietnamese(a.name, b.name)),
    topOf: new Map(units.map((u) => [u.id, u.top])),
  };
}
