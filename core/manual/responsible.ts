import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { actingUserId, assertAllowedOnUnit } from '../org/access.ts';
import { allows, roleAllows, type MembershipGrant } from '../policy.ts';
import { membershipsOf } from '../units.ts';

/**
 * Who is responsible for a manual group's tasks — told when one opens, reminded before its
 * deadline, shown it on /xa: the group's named officers (channel_officers) when it names
 * any, else every active commune officer of its unit and the units above it. A named
 * officer who has since lost the role or been disabled is no longer responsible.
 *
 * `channelIds` is a list or a subquery of channel ids; the rows are `(channel_id, user_id)`.
 */
export function responsibleOfficersSql(channelIds: SQL): SQL {
  return sql`
    with recursive up(channel_id, unit_id) as (
      select c.id, c.unit_id from channels c where c.id in (${channelIds})
      union all
      select up.channel_id, u.parent_id from units u join up on u.id = up.unit_id where u.parent_id is not null
    )
    select distinct up.channel_id, m.user_id
    from up
    join memberships m on m.unit_id = up.unit_id and m.role = 'commune_officer'
    join users usr on usr.id = m.user_id and usr.disabled = false
    where not exists (select 1 from channel_officers co where co.channel_id = up.channel_id)
       or exists (select 1 from channel_officers co where co.channel_id = up.channel_id and co.user_id = m.user_id)`;
}

/**
 * Grants of those who manage groups (`channel.manage`, e.g. admins): where they may also
 * confirm pushes, they see and confirm every group's tasks, named officers or not.
 */
export function managerGrants(grants: readonly MembershipGrant[]): MembershipGrant[] {
  return grants.filter((g) => roleAllows(g.role, 'channel.manage'));
}

/**
 * The actor may work on this group's tasks (open, confirm): `task.confirm` on its unit and
 * either managing it or being responsible for it. 403 with the reason otherwise.
 */
export async function assertTaskOfficer(q: Queryable, actor: Actor, channel: { id: string; unitId: string }): Promise<void> {
  const ancestry = await assertAllowedOnUnit(q, actor, 'task.confirm', channel.unitId);
  const userId = actingUserId(actor);
  if (allows(managerGrants(await membershipsOf(q, userId)), 'task.confirm', ancestry)) return;
  const [row] = await q.execute(sql`select 1 from (${responsibleOfficersSql(sql`${channel.id}::uuid`)}) r where r.user_id = ${userId}`);
  if (!row) {
    throw forbidden({
      vi: 'Nhóm Zalo này đã được giao cho cán bộ khác đăng bài; bạn không có tên trong danh sách cán bộ đăng của nhóm',
      en: 'This Zalo group is assigned to other officers; you are not among its named officers',
    });
  }
}
