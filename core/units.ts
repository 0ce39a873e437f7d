import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { memberships, units, type UnitKind } from '../db/schema/index.ts';
import type { MembershipGrant } from './policy.ts';

/** The unit followed by its ancestors up to the root. Empty if the unit does not exist. */
export async function unitAncestry(q: Queryable, unitId: string): Promise<string[]> {
  return (await ancestryRows(q, unitId)).map((r) => r.id);
}

/** The names of the unit and its ancestors, nearest first. Empty if the unit does not exist. */
export async function unitAncestryNames(q: Queryable, unitId: string): Promise<string[]> {
  return (await ancestryRows(q, unitId)).map((r) => r.name);
}

function ancestryRows(q: Queryable, unitId: string): Promise<{ id: string; name: string }[]> {
  return q.execute<{ id: string; name: string }>(sql`
    with recursive up(id, parent_id, name, depth) as (
      select id, parent_id, name, 0 from ${units} where id = ${unitId}
      union all
      select u.id, u.parent_id, u.name, up.depth + 1 from ${units} u join up on u.id = up.parent_id
    )
    select id, name from up order by depth`);
}

/** Ids of every unit in the subtrees rooted at `roots` (roots included). */
export async function subtreeUnitIds(q: Queryable, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await q.execute<{ id: string }>(sql`
    with recursive down(id) as (
      select id from ${units} where id in (${sql.join(roots.map((r) => sql`${r}`), sql`, `)})
      union
      select u.id from ${units} u join down on u.parent_id = down.id
    )
    select id from down`);
  return rows.map((r) => r.id);
}

export async function membershipsOf(q: Queryable, userId: string): Promise<MembershipGrant[]> {
  return q.select({ unitId: memberships.unitId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
}

export interface UnitNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
  code: string | null;
  /** Distance from the top of the whole tree (a root unit is 0). */
  depth: number;
  createdAt: Date;
}

/**
 * The subtrees rooted at `roots`, in pre-order (each unit right before its children,
 * siblings by name), with absolute depths.
 */
export async function unitTree(q: Queryable, roots: readonly string[]): Promise<UnitNode[]> {
  if (roots.length === 0) return [];
  const rows = await q.execute<{ id: string; parent_id: string | null; name: string; kind: UnitKind; code: string | null; depth: number; created_at: string }>(sql`
    with recursive tree(id, depth, sort_path, id_path) as (
      select id, 0, array[name || chr(1) || id::text], array[id] from ${units} where parent_id is null
      union all
      select u.id, t.depth + 1, t.sort_path || (u.name || chr(1) || u.id::text), t.id_path || u.id
      from ${units} u join tree t on u.parent_id = t.id
    )
    select u.id, u.parent_id, u.name, u.kind, u.code, t.depth, u.created_at
    from tree t join ${units} u on u.id = t.id
    where t.id_path && array[${sql.join(roots.map((r) => sql`${r}::uuid`), sql`, `)}]
    order by t.sort_path`);
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    code: r.code,
    depth: r.depth,
    createdAt: new Date(r.created_at),
  }));
}
