import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { channelSetMembers, channelSets, channels } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit, requireGrantRoots } from '../org/access.ts';
import { assertOwnerUnitAllows, type ChannelAction } from './access.ts';
import { subtreeOf } from './list-channels.ts';
import { toChannelView, type ChannelView } from './view.ts';

/**
 * Channel sets: named groups of channels owned by a unit ("all commune Zalo groups of
 * unit X"). A set holds only channels of its unit's subtree. Reading needs `channel.read`
 * on the set's unit, changing it `channel.manage`.
 */
export interface ChannelSetView {
  id: string;
  unitId: string;
  name: string;
  channelIds: string[];
  createdAt: Date;
}

type SetRow = typeof channelSets.$inferSelect;

const setWord = { vi: 'nhóm kênh', en: 'Channel set' };

function cleanName(name: string): string {
  const clean = nfc(name.trim());
  if (!clean) throw invalid('CHANNEL_SET_NAME_REQUIRED', '/name', { vi: 'Tên nhóm kênh không được để trống', en: 'The set name is required' });
  return clean;
}

async function setFor(q: Queryable, actor: Actor, setId: string, action: ChannelAction, lock = false): Promise<SetRow> {
  const query = q.select().from(channelSets).where(eq(channelSets.id, setId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound(setWord);
  await assertOwnerUnitAllows(q, actor, row.unitId, action, setWord);
  return row;
}

async function memberIds(q: Queryable, setIds: string[]): Promise<Map<string, string[]>> {
  const bySet = new Map<string, string[]>(setIds.map((id) => [id, []]));
  if (setIds.length === 0) return bySet;
  const rows = await q
    .select({ setId: channelSetMembers.setId, channelId: channelSetMembers.channelId })
    .from(channelSetMembers)
    .where(inArray(channelSetMembers.setId, setIds))
    .orderBy(asc(channelSetMembers.channelId));
  for (const r of rows) bySet.get(r.setId)!.push(r.channelId);
  return bySet;
}

function toView(row: SetRow, channelIds: string[]): ChannelSetView {
  return { id: row.id, unitId: row.unitId, name: row.name, channelIds, createdAt: row.createdAt };
}

/** 422 naming the first channel that does not exist or lies outside the set unit's subtree. */
async function assertCovered(q: Queryable, unitId: string, channelIds: string[], field: string): Promise<void> {
  if (channelIds.length === 0) return;
  const inside = await q
    .select({ id: channels.id })
    .from(channels)
    .where(and(inArray(channels.id, channelIds), sql`${channels.unitId} in ${subtreeOf([unitId])}`));
  const ok = new Set(inside.map((r) => r.id));
  const index = channelIds.findIndex((id) => !ok.has(id));
  if (index >= 0) {
    throw invalid('CHANNEL_SET_CHANNEL_OUTSIDE_UNIT', `${field}/${index}`, {
      vi: 'Kênh không tồn tại hoặc không thuộc đơn vị của nhóm kênh (hay đơn vị cấp dưới)',
      en: "The channel does not exist or is outside the set's unit and its sub-units",
    });
  }
}

export async function listChannelSets(db: Db, actor: Actor, filters: { unitId?: string | undefined }): Promise<ChannelSetView[]> {
  const { roots } = await requireGrantRoots(db, actor, 'channel.read');
  const rows = await db
    .select()
    .from(channelSets)
    .where(
      and(
        sql`${channelSets.unitId} in ${subtreeOf(roots)}`,
        filters.unitId ? sql`${channelSets.unitId} in ${subtreeOf([filters.unitId])}` : undefined,
      ),
    )
    .orderBy(asc(channelSets.name), asc(channelSets.id));
  const members = await memberIds(db, rows.map((r) => r.id));
  return rows.map((r) => toView(r, members.get(r.id)!));
}

export async function getChannelSet(db: Db, actor: Actor, setId: string): Promise<ChannelSetView & { channels: ChannelView[] }> {
  const row = await setFor(db, actor, setId, 'channel.read');
  const rows = await db
    .select({ channel: channels })
    .from(channelSetMembers)
    .innerJoin(channels, eq(channels.id, channelSetMembers.channelId))
    .where(eq(channelSetMembers.setId, setId))
    .orderBy(asc(channels.name), asc(channels.id));
  const list = rows.map((r) => toChannelView(r.channel));
  return { ...toView(row, list.map((c) => c.id).sort()), channels: list };
}

export async function createChannelSet(
  db: Db,
  actor: Actor,
  input: { unitId: string; name: string; channelIds?: string[] | undefined },
): Promise<ChannelSetView> {
  await assertAllowedOnUnit(db, actor, 'channel.manage', input.unitId, '/unitId');
  const name = cleanName(input.name);
  const channelIds = [...new Set(input.channelIds ?? [])];
  return db.transaction(async (tx) => {
    await assertCovered(tx, input.unitId, channelIds, '/channelIds');
    const [row] = await tx.insert(channelSets).values({ unitId: input.unitId, name }).returning();
    if (channelIds.length) await tx.insert(channelSetMembers).values(channelIds.map((channelId) => ({ setId: row!.id, channelId })));
    await audit(tx, actor, { action: 'channel_set.create', entityType: 'channel_set', entityId: row!.id, unitId: row!.unitId, data: { name, channelIds } });
    return toView(row!, [...channelIds].sort());
  });
}

export async function renameChannelSet(db: Db, actor: Actor, setId: string, name: string): Promise<ChannelSetView> {
  const clean = cleanName(name);
  return db.transaction(async (tx) => {
    const before = await setFor(tx, actor, setId, 'channel.manage', true);
    let row = before;
    if (before.name !== clean) {
      [row] = (await tx.update(channelSets).set({ name: clean }).where(eq(channelSets.id, setId)).returning()) as [SetRow];
      await audit(tx, actor, { action: 'channel_set.rename', entityType: 'channel_set', entityId: setId, unitId: before.unitId, data: { name: { old: before.name, new: clean } } });
    }
    return toView(row, (await memberIds(tx, [setId])).get(setId)!);
  });
}

/** Adds channels (already-present ones are ignored); audits only those actually added. */
export async function addChannelSetMembers(db: Db, actor: Actor, setId: string, channelIds: string[]): Promise<ChannelSetView> {
  const ids = [...new Set(channelIds)];
  return db.transaction(async (tx) => {
    const set = await setFor(tx, actor, setId, 'channel.manage', true);
    await assertCovered(tx, set.unitId, ids, '/channelIds');
    const added = ids.length
      ? await tx
          .insert(channelSetMembers)
          .values(ids.map((channelId) => ({ setId, channelId })))
          .onConflictDoNothing()
          .returning({ channelId: channelSetMembers.channelId })
      : [];
    if (added.length) {
      await audit(tx, actor, {
        action: 'channel_set.members.add',
        entityType: 'channel_set',
        entityId: setId,
        unitId: set.unitId,
        data: { channelIds: added.map((a) => a.channelId) },
      });
    }
    return toView(set, (await memberIds(tx, [setId])).get(setId)!);
  });
}

export async function removeChannelSetMember(db: Db, actor: Actor, setId: string, channelId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const set = await setFor(tx, actor, setId, 'channel.manage', true);
    const removed = await tx
      .delete(channelSetMembers)
      .where(and(eq(channelSetMembers.setId, setId), eq(channelSetMembers.channelId, channelId)))
      .returning();
    if (removed.length === 0) throw notFound({ vi: 'kênh trong nhóm kênh', en: 'Channel in this set' });
    await audit(tx, actor, { action: 'channel_set.members.remove', entityType: 'channel_set', entityId: setId, unitId: set.unitId, data: { channelId } });
  });
}

/** Deletes the set (not its channels); revisions that targeted it keep their channels. */
export async function deleteChannelSet(db: Db, actor: Actor, setId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const set = await setFor(tx, actor, setId, 'channel.manage', true);
    const members = (await memberIds(tx, [setId])).get(setId)!;
    await tx.delete(channelSets).where(eq(channelSets.id, setId));
    await audit(tx, actor, { action: 'channel_set.delete', entityType: 'channel_set', entityId: setId, unitId: set.unitId, data: { name: set.name, channelIds: members } });
  });
}
