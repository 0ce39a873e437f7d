import { eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channelSetMembers, channelSets, channels, revisionTargets, type ChannelStatus, type Platform } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { toUuidArray } from '../deliveries/jobs.ts';
import { targetForbidden } from './errors.ts';
import { checkTargetShapes, type TargetInput } from './input.ts';
import { isUuid } from './load.ts';
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

/**
 * What approval needs to know of a revision's targets, summed up by PostgreSQL: approving
 * one item to 10,000 commune groups loaded 10,000 rows into 10,000 objects only to find the
 * few that matter (~50 ms of the approval). The answers are those of `targetsOf`'s list.
 */
export interface TargetSummary {
  count: number;
  /** The latest time a target goes out: its own, else the revision's, never before now (`latestPublishTime`). */
  lastPublishAt: Date;
  /** The first target (in `targetsOf`'s order) whose unit is not in `covered`. */
  firstOutside: TargetChannel | null;
  firstDisabled: TargetChannel | null;
  /** Every platform targeted, in the order it first appears. */
  platforms: Platform[];
  /** Every Facebook Page target, in target order (a unit has a few Pages, not thousands): their video permission is checked. */
  facebookPages: TargetChannel[];
  /**
   * The targets whose rendering stands for the others, in target order: each platform's
   * first channel without an override of its own (the rest of that platform render the
   * same, `renderTargets`), and every channel with one.
   */
  samples: TargetSample[];
}

export interface TargetSample extends TargetChannel {
  /** Stands for its platform's targets without an override of their own (else it has one). */
  forPlatform: boolean;
}

export async function summariseTargets(
  q: Queryable,
  rev: { id: string; publishAt: Date | null; overrides: Record<string, unknown> },
  covered: readonly string[],
  now: Date,
): Promise<TargetSummary> {
  // Keys `renderTargets` would find by a target's id (ids come lower-case from PostgreSQL).
  const own = Object.keys(rev.overrides).filter((k) => rev.overrides[k] && isUuid(k) && k === k.toLowerCase());
  const at = now.toISOString();
  // Each "first" is a minimum found in one pass (min, or a top-1 sort): sorting all 10,000
  // targets by name, as their order is defined, took ~15 ms of string collation.
  const rows = await q.execute<{
    channel_id: string;
    via_set_id: string | null;
    publish_at: string | null;
    name: string;
    platform: Platform;
    unit_id: string;
    status: ChannelStatus;
    own: boolean;
    sample: boolean;
    first_outside: boolean;
    first_disabled: boolean;
    n: string;
    last_at: string;
  }>(sql`
    with t as materialized (
      select t.channel_id, t.via_set_id, t.publish_at, c.name, c.platform, c.unit_id, c.status,
             t.channel_id = any(${toUuidArray(own)}::uuid[]) as own, cov.id is null as outside
      from revision_targets t
      join channels c on c.id = t.channel_id
      left join (select distinct u from unnest(${toUuidArray(covered)}::uuid[]) u) cov(id) on cov.id = c.unit_id
      where t.revision_id = ${rev.id}
    ),
    firsts as (
      select distinct on (t.platform) t.channel_id
      from t join (select platform, min(name) as name from t where not own group by platform) m on m.platform = t.platform and m.name = t.name
      where not t.own
      order by t.platform, t.channel_id
    ),
    outside as (select channel_id from t where outside order by name, channel_id limit 1),
    disabled as (select channel_id from t where status = 'disabled' order by name, channel_id limit 1),
    totals as (
      select count(*) as n,
             greatest(max(coalesce(publish_at, ${rev.publishAt?.toISOString() ?? null}::timestamptz, ${at}::timestamptz)), ${at}::timestamptz) as last_at
      from t
    )
    select t.channel_id, t.via_set_id, t.publish_at, t.name, t.platform, t.unit_id, t.status, t.own,
           t.own or t.channel_id in (select channel_id from firsts) as sample,
           t.channel_id in (select channel_id from outside) as first_outside,
           t.channel_id in (select channel_id from disabled) as first_disabled,
           totals.n, totals.last_at
    from t, totals
    where t.own or t.channel_id in (select channel_id from firsts)
       or t.channel_id in (select channel_id from outside) or t.channel_id in (select channel_id from disabled)
       or t.platform = 'facebook_page'
    order by t.name, t.channel_id`);
  const target = (r: (typeof rows)[number]): TargetChannel => ({
    channelId: r.channel_id,
    viaSetId: r.via_set_id,
    publishAt: r.publish_at === null ? null : new Date(r.publish_at),
    channelName: r.name,
    platform: r.platform,
    unitId: r.unit_id,
    status: r.status,
  });
  const first = (flag: 'first_outside' | 'first_disabled') => {
    const r = rows.find((x) => x[flag]);
    return r ? target(r) : null;
  };
  const samples = rows.filter((r) => r.sample).map((r) => ({ ...target(r), forPlatform: !r.own }));
  return {
    count: Number(rows[0]?.n ?? 0),
    lastPublishAt: rows[0] ? new Date(rows[0].last_at) : now,
    firstOutside: first('first_outside'),
    firstDisabled: first('first_disabled'),
    platforms: [...new Set(samples.map((s) => s.platform))],
    facebookPages: rows.filter((r) => r.platform === 'facebook_page').map(target),
    samples,
  };
}
