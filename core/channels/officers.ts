import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { channelOfficers, users } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { isOfficerPlatform } from '../manual/settings.ts';
import { channelFor } from './access.ts';
import type { ChannelRow } from './view.ts';

export type OfficerChoice = {
  id: string;
  displayName: string;
  email: string;
};

export interface ChannelOfficers {
  /** The officers who post into this group. */
  officers: OfficerChoice[];
  /** Who may be named: active commune officers of the group's unit and the units above it. */
  candidates: OfficerChoice[];
}

/** Active users holding `commune_officer` on the channel's unit or above (the ones its tasks reach). */
async function candidatesOf(q: Queryable, unitId: string): Promise<OfficerChoice[]> {
  return q.execute<OfficerChoice>(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from units where id = ${unitId}
      union all
      select u.id, u.parent_id from units u join up on u.id = up.parent_id
    )
    select distinct usr.id, usr.display_name as "displayName", usr.email
    from memberships m join users usr on usr.id = m.user_id
    where m.unit_id in (select id from up) and m.role = 'commune_officer' and usr.disabled = false
    order by usr.display_name, usr.email`);
}

async function officersOf(q: Queryable, channelId: string): Promise<OfficerChoice[]> {
  return q
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(channelOfficers)
    .innerJoin(users, eq(users.id, channelOfficers.userId))
    .where(eq(channelOfficers.channelId, channelId))
    .orderBy(asc(users.displayName), asc(users.email));
}

function assertOfficerChannel(channel: ChannelRow): void {
  if (!isOfficerPlatform(channel.platform)) {
    throw invalid('CHANNEL_OFFICERS_NOT_USED', '/userIds', {
      vi: 'Chỉ nhóm Zalo do cán bộ xã đăng mới có danh sách cán bộ đăng',
      en: 'Only manual Zalo groups have officers who post into them',
    });
  }
}

/** The officers of a manual group and who could be named (`channel.read`). */
export async function getChannelOfficers(db: Db, actor: Actor, channelId: string): Promise<ChannelOfficers> {
  const channel = await channelFor(db, actor, channelId, 'channel.read');
  assertOfficerChannel(channel);
  return { officers: await officersOf(db, channelId), candidates: await candidatesOf(db, channel.unitId) };
}

/**
 * Names exactly `userIds` as the group's officers (`channel.manage`): each must be an active
 * commune officer of the group's unit or above (422 naming the first who is not). Audited
 * with the old and new lists.
 */
export async function setChannelOfficers(db: Db, actor: Actor, channelId: string, userIds: string[]): Promise<ChannelOfficers> {
  const ids = [...new Set(userIds)];
  return db.transaction(async (tx) => {
    const channel = await channelFor(tx, actor, channelId, 'channel.manage', { lock: true });
    assertOfficerChannel(channel);
    const candidates = await candidatesOf(tx, channel.unitId);
    const allowed = new Set(candidates.map((c) => c.id));
    const index = userIds.findIndex((id) => !allowed.has(id));
    if (index >= 0) {
      throw invalid('CHANNEL_OFFICER_NOT_ELIGIBLE', `/userIds/${index}`, {
        vi: 'Người này không phải cán bộ xã (đang hoạt động) của đơn vị của nhóm hoặc đơn vị cấp trên',
        en: "This user is not an active commune officer of the group's unit or a unit above it",
      });
    }
    const before = (await officersOf(tx, channelId)).map((o) => o.id).sort();
    const after = [...ids].sort();
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await tx.delete(channelOfficers).where(eq(channelOfficers.channelId, channelId));
      if (ids.length) await tx.insert(channelOfficers).values(ids.map((userId) => ({ channelId, userId })));
      await audit(tx, actor, { action: 'channel.officers', entityType: 'channel', entityId: channelId, unitId: channel.unitId, data: { old: before, new: after } });
    }
    return { officers: await officersOf(tx, channelId), candidates };
  });
}

/**
 * Moving a manual Zalo group to another commune (PATCH unitId), inside the update's
 * transaction: only manual groups move (other channels belong to their unit's accounts), the
 * caller must manage the new unit too, and officers who are not officers there (or above) stop
 * being the group's officers, audited, since its tasks must not reach them.
 */
export async function moveToCommune(q: Queryable, actor: Actor, channel: ChannelRow, unitId: string): Promise<void> {
  if (!isOfficerPlatform(channel.platform)) {
    throw invalid('CHANNEL_UNIT_FIXED', '/unitId', {
      vi: 'Chỉ nhóm Zalo do cán bộ xã đăng mới chuyển được sang xã khác; kênh khác hãy tạo lại ở đơn vị mới',
      en: 'Only manual Zalo groups move to another commune; create other channels again under the new unit',
    });
  }
  await assertAllowedOnUnit(q, actor, 'channel.manage', unitId, '/unitId');
  const eligible = new Set((await candidatesOf(q, unitId)).map((c) => c.id));
  const before = (await officersOf(q, channel.id)).map((o) => o.id).sort();
  const after = before.filter((id) => eligible.has(id));
  if (after.length === before.length) return;
  const ofGroup = eq(channelOfficers.channelId, channel.id);
  await q.delete(channelOfficers).where(after.length ? and(ofGroup, notInArray(channelOfficers.userId, after)) : ofGroup);
  await audit(q, actor, { action: 'channel.officers', entityType: 'channel', entityId: channel.id, unitId: channel.unitId, data: { old: before, new: after, reason: 'unit_changed' } });
}
