import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { memberships, units } from '../db/schema/index.ts';
import type { MembershipGrant } from './policy.ts';

/** The unit followed by its ancestors up to the root. Empty if the unit does not exist. */
export async function unitAncestry(q: Queryable, unitId: string): Promise<string[]> {
  const rows = await q.execute<{ id: string }>(sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from ${units} where id = ${unitId}
      union all
      select u.id, u.parent_id, up.depth + 1 from ${units} u join up on u.id = up.parent_id
    )
    select id from up order by depth`);
  return rows.map((r) => r.id);
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
