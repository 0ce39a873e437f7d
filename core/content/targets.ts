import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channelSetMembers, channelSets, channels, revisionTargets, type ChannelStatus, type Platform } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { targetForbidden } from './errors.ts';
import { checkTargetShapes, type TargetInput } from './input.ts';
import { unitsAllowed, type Caller } from './permissions.ts';

export interface ResolvedTarget {
  channelId: string;
  viaSetId: string | null;
  publishAt: Date | null;
}

/** A stored target with what the workflow needs to know about its channel. */
export interface TargetChannel extends ResolvedTarget {
  channelName: string;
  platform: Platform;
  unitId: string;
  status: ChannelStatus;
}

/**
 * Expands channel sets into their channels (remembering the set), lets a channel named
 * directly win over the same channel reached through a set, and refuses channels that do
 * not exist or whose unit the editor's roles do not cover.
 */
export async function resolveTargets(q: Queryable, caller: Caller, given: readonly TargetInput[]): Promise<ResolvedTarget[]> {
  checkTargetShapes(given);
  const inputs = given.map((t) => ({ ...t, channelId: t.channelId?.toLowerCase(), channelSetId: t.channelSetId?.toLowerCase() }));
  const setIds = [...new Set(inputs.flatMap((t) => (t.channelSetId ? [t.channelSetId] : [])))];
  const members = setIds.length
    ? await q.select({ setId: channelSetMembers.setId, channelId: channelSetMembers.channelId }).from(channelSetMembers).where(inArray(channelSetMembers.setId, setIds))
    : [];
  const knownSets = new Set(
    setIds.length ? (await q.select({ id: channelSets.id }).from(channelSets).where(inArray(channelSets.id, setIds))).map((s) => s.id) : [],
  );
  const channelIds = [...new Set([...inputs.flatMap((t) => (t.channelId ? [t.channelId] : [])), ...members.map((m) => m.channelId)])];
  const found = channelIds.length
    ? await q.select({ id: channels.id, unitId: channels.unitId, name: channels.name }).from(channels).where(inArray(channels.id, channelIds))
    : [];
  const byId = new Map(found.map((c) => [c.id, c]));
  const writable = await unitsAllowed(q, caller, 'content.write');

  const direct = new Map<string, ResolvedTarget>();
  const viaSet = new Map<string, ResolvedTarget>();
  inputs.forEach((t, i) => {
    const field = `/targets/${i}`;
    const publishAt = t.publishAt ?? null;
    if (t.channelSetId) {
      if (!knownSets.has(t.channelSetId)) throw notFoundTarget('TARGET_SET_NOT_FOUND', `${field}/channelSetId`, 'nhóm kênh', 'Channel set');
      for (const m of members.filter((x) => x.setId === t.channelSetId)) {
        const channel = byId.get(m.channelId)!;
        if (!writable.has(channel.unitId)) throw targetForbidden(`${field}/channelSetId`, channel.name);
        if (!viaSet.has(m.channelId)) viaSet.set(m.channelId, { channelId: m.channelId, viaSetId: t.channelSetId, publishAt });
      }
      return;
    }
    const channel = byId.get(t.channelId!);
    if (!channel) throw notFoundTarget('TARGET_CHANNEL_NOT_FOUND', `${field}/channelId`, 'kênh', 'Channel');
    if (!writable.has(channel.unitId)) throw targetForbidden(`${field}/channelId`, channel.name);
    if (!direct.has(channel.id)) direct.set(channel.id, { channelId: channel.id, viaSetId: null, publishAt });
  });
  for (const [id, t] of viaSet) if (!direct.has(id)) direct.set(id, t);
  return [...direct.values()];
}

function notFoundTarget(code: string, field: string, vi: string, en: string) {
  return invalid(code, field, { vi: `Không tìm thấy ${vi} này`, en: `${en} not found` });
}

/** Refuses targets the caller's roles no longer cover (checked again when submitting). */
export async function assertTargetsWritable(q: Queryable, caller: Caller, targets: readonly TargetChannel[]): Promise<void> {
  const writable = await unitsAllowed(q, caller, 'content.write');
  const outside = targets.find((t) => !writable.has(t.unitId));
  if (outside) throw targetForbidden('/targets', outside.channelName);
}

const INSERT_CHUNK = 2_000;

export async function replaceTargets(q: Queryable, revisionId: string, targets: readonly ResolvedTarget[]): Promise<void> {
  await q.delete(revisionTargets).where(eq(revisionTargets.revisionId, revisionId));
  for (let i = 0; i < targets.length; i += INSERT_CHUNK) {
    await q.insert(revisionTargets).values(targets.slice(i, i + INSERT_CHUNK).map((t) => ({ revisionId, ...t })));
  }
}

export async function copyTargets(q: Queryable, fromRevisionId: string, toRevisionId: string): Promise<void> {
  await q.execute(sql`
    insert into revision_targets (revision_id, channel_id, via_set_id, publish_at)
    select ${toRevisionId}::uuid, channel_id, via_set_id, publish_at from revision_targets where revision_id = ${fromRevisionId}`);
}

export async function targetsOf(q: Queryable, revisionId: string): Promise<TargetChannel[]> {
  return q
    .select({
      channelId: revisionTargets.channelId,
      viaSetId: revisionTargets.viaSetId,
      publishAt: revisionTargets.publishAt,
      channelName: channels.name,
      platform: channels.platform,
      unitId: channels.unitId,
      status: channels.status,
    })
    .from(revisionTargets)
    .innerJoin(channels, eq(channels.id, revisionTargets.channelId))
    .where(eq(revisionTargets.revisionId, revisionId))
    .orderBy(channels.name, channels.id);
}

/** Resolved targets (not saved yet) with their channels, in the order `targetsOf` gives. */
export async function describeTargets(q: Queryable, resolved: readonly ResolvedTarget[]): Promise<TargetChannel[]> {
  if (resolved.length === 0) return [];
  const rows = await q
    .select({ id: channels.id, channelName: channels.name, platform: channels.platform, unitId: channels.unitId, status: channels.status })
    .from(channels)
    .where(inArray(channels.id, resolved.map((t) => t.channelId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return resolved
    .map((t) => {
      const { id: _id, ...channel } = byId.get(t.channelId)!;
      return { ...t, ...channel };
    })
    .sort((a, b) => a.channelName.localeCompare(b.channelName) || a.channelId.localeCompare(b.channelId));
}
