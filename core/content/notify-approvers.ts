import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { roles } from '../../db/schema/index.ts';
import { notifyUsers } from '../notifications/notify.ts';
import { roleAllows } from '../policy.ts';
import type { ContentItemRow, RevisionRow } from './load.ts';
import type { TargetChannel } from './targets.ts';

const approverRoles = roles.filter((r) => roleAllows(r, 'content.approve'));

/**
 * "Approvals waiting": tells every active user who could approve the revision — a role
 * covering the item's unit and every target channel's unit, and not its author.
 * Returns the users notified.
 */
export async function notifyApprovers(q: Queryable, item: ContentItemRow, rev: RevisionRow, targets: readonly TargetChannel[]): Promise<string[]> {
  const units = [...new Set([item.unitId, ...targets.map((t) => t.unitId)])];
  // For each unit that must be covered, the approvers holding a role on it or above it.
  const rows = await q.execute<{ unit_id: string; user_id: string }>(sql`
    with recursive up(unit_id, id, parent_id) as (
      select u.id, u.id, u.parent_id from units u where u.id = any(${`{${units.join(',')}}`}::uuid[])
      union all
      select up.unit_id, p.id, p.parent_id from units p join up on p.id = up.parent_id
    )
    select distinct up.unit_id, m.user_id from up
    join memberships m on m.unit_id = up.id
    join users usr on usr.id = m.user_id and usr.disabled = false
    where m.role::text = any(${`{${approverRoles.join(',')}}`}::text[]) and m.user_id <> all(${`{${rev.contributorIds.join(',')}}`}::uuid[])`);
  const coveredUnits = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = coveredUnits.get(r.user_id) ?? new Set<string>();
    set.add(r.unit_id);
    coveredUnits.set(r.user_id, set);
  }
  const approvers = [...coveredUnits].filter(([, covered]) => units.every((u) => covered.has(u))).map(([userId]) => userId);
  await notifyUsers(q, approvers, {
    kind: 'approval_waiting',
    title: { vi: `Bài chờ duyệt: ${rev.title}`, en: `Waiting for approval: ${rev.title}` },
    body: {
      vi: `Phiên bản ${rev.number} của "${rev.title}" đang chờ bạn duyệt (${targets.length} kênh).`,
      en: `Revision ${rev.number} of "${rev.title}" is waiting for your approval (${targets.length} channels).`,
    },
    data: { itemId: item.id, revisionId: rev.id, revision: rev.number },
  });
  return approvers;
}
