import { eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contentItems } from '../../db/schema/index.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { assertAllowedOnUnit, requireGrantRoots } from '../org/access.ts';
import { subtreeUnitIds } from '../units.ts';
import { OFFICER_PLATFORMS } from './settings.ts';

/**
 * How commune groups were pushed. One push = one approved revision of an item to one group.
 * `estimatedReach` adds up the member counts the officers recorded when confirming (on time
 * or late); `clicks` counts human clicks on the groups' tracked links. The two are shown side
 * by side and never added: a member who clicked is in both.
 */
export interface ComplianceCounts {
  /** Pushes expected (everything but cancelled). */
  pushes: number;
  onTime: number;
  late: number;
  missed: number;
  /** Open, before the deadline. */
  awaiting: number;
  /** Not yet due. */
  scheduled: number;
  cancelled: number;
  estimatedReach: number;
  clicks: number;
}

export interface UnitCompliance extends ComplianceCounts {
  /** The unit owning the groups (a commune). */
  unitId: string;
  unitName: string;
}

export interface ItemCompliance extends ComplianceCounts {
  itemId: string;
  title: string;
}

export interface ComplianceReport {
  totals: ComplianceCounts;
  communes: UnitCompliance[];
}

const counts = sql`
  count(*) filter (where d.state <> 'cancelled')::int as pushes,
  count(*) filter (where d.state in ('published', 'taken_down') and not d.late)::int as on_time,
  count(*) filter (where d.state in ('published', 'taken_down') and d.late)::int as late,
  count(*) filter (where d.state = 'missed')::int as missed,
  count(*) filter (where d.state = 'awaiting_officer')::int as awaiting,
  count(*) filter (where d.state not in ('published', 'taken_down', 'missed', 'awaiting_officer', 'cancelled'))::int as scheduled,
  count(*) filter (where d.state = 'cancelled')::int as cancelled,
  coalesce(sum(mc.member_count) filter (where d.state in ('published', 'taken_down')), 0)::float8 as reach,
  coalesce(sum(lc.clicks), 0)::float8 as clicks`;

const from = sql`
  from deliveries d
  join channels c on c.id = d.channel_id
  join units u on u.id = c.unit_id
  left join manual_confirmations mc on mc.delivery_id = d.id
  left join lateral (
    select sum(k.clicks) as clicks from links l join link_clicks k on k.link_id = l.id where l.delivery_id = d.id
  ) lc on true`;

/** Counts as the SQL of this file and the report's push rollup read them (snake_case, sums as numbers). */
export type CountRow = { pushes: number; on_time: number; late: number; missed: number; awaiting: number; scheduled: number; cancelled: number; reach: number; clicks: number };

export function toCounts(r: CountRow): ComplianceCounts {
  return {
    pushes: r.pushes,
    onTime: r.on_time,
    late: r.late,
    missed: r.missed,
    awaiting: r.awaiting,
    scheduled: r.scheduled,
    cancelled: r.cancelled,
    estimatedReach: Number(r.reach),
    clicks: Number(r.clicks),
  };
}

export const emptyCounts = (): ComplianceCounts => ({ pushes: 0, onTime: 0, late: 0, missed: 0, awaiting: 0, scheduled: 0, cancelled: 0, estimatedReach: 0, clicks: 0 });

function sum(rows: ComplianceCounts[]): ComplianceCounts {
  const total = emptyCounts();
  for (const r of rows) for (const k of Object.keys(total) as (keyof ComplianceCounts)[]) total[k] += r[k];
  return total;
}

const manual = sql`c.platform::text in (${sql.join(OFFICER_PLATFORMS.map((p) => sql`${p}`), sql`, `)})`;
const inUnits = (ids: readonly string[]) => sql`c.unit_id = any(${`{${ids.join(',')}}`}::uuid[])`;

async function byCommune(q: Queryable, where: SQL): Promise<ComplianceReport> {
  // Counted per unit first, then named and sorted: sorting every push by the unit's name went to disk for a province.
  const rows = await q.execute<CountRow & { unit_id: string; unit_name: string }>(sql`
    select x.*, n.name as unit_name from (
      select c.unit_id, ${counts} ${from}
      where ${manual} and ${where}
      group by c.unit_id
    ) x join units n on n.id = x.unit_id
    order by n.name, x.unit_id`);
  const communes = rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, ...toCounts(r) }));
  return { totals: sum(communes), communes };
}

/** One share-kit recipient's kits (a channel of platform `share_kit`); `estimatedReach` is the reach they reported. */
export interface KitRecipientCompliance extends ComplianceCounts {
  channelId: string;
  name: string;
  unitName: string;
}

/** Share kits (KOLs, large groups, "người có uy tín"): deliveries of their own kind, per recipient, never mixed with groups. */
async function byRecipient(q: Queryable, where: SQL): Promise<{ totals: ComplianceCounts; recipients: KitRecipientCompliance[] }> {
  const rows = await q.execute<CountRow & { channel_id: string; name: string; unit_name: string }>(sql`
    select c.id as channel_id, c.name, u.name as unit_name, ${counts} ${from}
    where c.platform = 'share_kit' and ${where}
    group by c.id, c.name, u.name order by c.name, c.id`);
  const recipients = rows.map((r) => ({ channelId: r.channel_id, name: r.name, unitName: r.unit_name, ...toCounts(r) }));
  return { totals: sum(recipients), recipients };
}

/**
 * One item's pushes into commune groups, per commune, and its share kits, per recipient,
 * limited to the units the reader may report on (report.read subtrees).
 */
export async function itemCompliance(
  q: Queryable,
  actor: Actor,
  itemId: string,
): Promise<ComplianceReport & { itemId: string; shareKits: Awaited<ReturnType<typeof byRecipient>> }> {
  const [item] = await q.select({ id: contentItems.id }).from(contentItems).where(eq(contentItems.id, itemId));
  if (!item) throw notFound({ vi: 'bài', en: 'Content item' }, '/itemId');
  const { roots } = await requireGrantRoots(q, actor, 'report.read');
  const units = await subtreeUnitIds(q, roots);
  const where = sql`d.item_id = ${itemId} and ${inUnits(units)}`;
  const [groups, shareKits] = await Promise.all([byCommune(q, where), byRecipient(q, where)]);
  return { itemId, ...groups, shareKits };
}

export interface Period {
  /** Pushes due at or after this instant. */
  from?: Date | undefined;
  /** … and before this one. */
  to?: Date | undefined;
}

/**
 * Every push into the groups of a unit's subtree due in the period: per commune, per item
 * (the 100 latest items), and in total. Needs report.read on the unit.
 */
export async function unitCompliance(
  q: Queryable,
  actor: Actor,
  unitId: string,
  period: Period,
): Promise<ComplianceReport & { unitId: string; items: ItemCompliance[] }> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId');
  const units = await subtreeUnitIds(q, [unitId]);
  return { unitId, ...(await subtreeCompliance(q, units, period, 100)) };
}

/** The same for a known set of units, without access checks (core/reports checks them); `itemLimit` latest items. */
export async function subtreeCompliance(
  q: Queryable,
  units: readonly string[],
  period: Period,
  itemLimit: number,
): Promise<ComplianceReport & { items: ItemCompliance[] }> {
  const when = sql.join(
    [
      inUnits(units),
      period.from ? sql`d.due_at >= ${period.from.toISOString()}::timestamptz` : sql`true`,
      period.to ? sql`d.due_at < ${period.to.toISOString()}::timestamptz` : sql`true`,
    ],
    sql` and `,
  );
  const [report, items] = await Promise.all([
    byCommune(q, when),
    q.execute<CountRow & { item_id: string; title: string }>(sql`
      select d.item_id, coalesce(min(ar.title), '') as title, ${counts} ${from}
      join content_items ci on ci.id = d.item_id
      left join revisions ar on ar.id = ci.approved_revision_id
      where ${manual} and ${when}
      group by d.item_id order by min(d.due_at) desc limit ${itemLimit}`),
  ]);
  return { ...report, items: items.map((r) => ({ itemId: r.item_id, title: r.title, ...toCounts(r) })) };
}
