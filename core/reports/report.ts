import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { ActivityType, RankingWeights, ReportState, Theme, UnitKind } from '../../db/schema/index.ts';
import { platforms, type Platform } from '../../lib/platforms.ts';
import type { ComplianceCounts } from '../manual/compliance.ts';
import { groupLabels } from '../metrics/labels.ts';
import type { MetricKind } from '../metrics/kinds.ts';
import { activitiesIn } from './activities.ts';
import { CellBuilder, type FigureCells } from './cells.ts';
import { coverageCounts, coverageOf } from './coverage.ts';
import { scopeFigureRows, scopeTotals, type ScopeFigureRows } from './figures.ts';
import { ACTIVITY_LABELS, PLATFORM_LABELS, themeLabel, UNIT_KIND_LABELS } from './labels.ts';
import { previousPeriod, type ReportPeriod } from './period.ts';
import { publishedRows, type PublishedRows } from './published.ts';
import { subtreePushes } from './pushes.ts';
import { rankUnits, type Ranking } from './ranking.ts';
import { reportScope, type ReportScope } from './scope.ts';
import { inUnits } from './in-units.ts';
import { drainReportQueues } from './report-queues.ts';
import { topChannels, type GroupFigure, type GroupPublished, type TopChannel, type TopChannels } from './top-channels.ts';

export interface UnitFigures {
  unitId: string;
  name: string;
  kind: UnitKind;
  kindLabel: string;
  /** The unit's own channels (the root's row) rather than a child's subtree. */
  own: boolean;
  figures: FigureCells;
  deliveries: number;
  compliance: ComplianceCounts;
  /** Share of (communes × items) received, null when the unit has no commune. */
  coverage: number | null;
  communes: number;
}

export interface Report {
  unit: { id: string; name: string; kind: UnitKind; kindLabel: string; parentId: string | null };
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  generatedAt: string;
  totals: { figures: FigureCells; items: number; deliveries: number };
  previous: { figures: Record<MetricKind, number | null>; items: number; deliveries: number; compliance: ComplianceCounts };
  byUnit: UnitFigures[];
  byPlatform: { platform: Platform; label: string; figures: FigureCells; deliveries: number }[];
  byTheme: { theme: Theme; label: string; figures: FigureCells; deliveries: number }[];
  byItem: { itemId: string; title: string; theme: Theme; themeLabel: string; figures: FigureCells; deliveries: number; covered: number; coverage: number | null }[];
  byChannel: { channelId: string; name: string; platform: Platform; platformLabel: string; unitName: string; figures: FigureCells; deliveries: number }[];
  compliance: ComplianceCounts;
  coverage: { communes: number; items: number; average: number | null; communesWithNothing: number };
  activities: { type: ActivityType; label: string; unit: string; count: number; quantity: number; estimatedAudience: number; clicks: number }[];
  ranking: Ranking;
  /** The child units' own reports for the same period: who has sent theirs, with the figures they sent. */
  submissions: { unitId: string; name: string; reportId: string | null; state: ReportState | null; submittedAt: string | null; totals: Report['totals'] | null }[];
}

type ChannelRow = { id: string; name: string; platform: Platform; unit_id: string };

/** The root's own pushes: its subtree's less its children's. */
function ownCounts(subtree: ComplianceCounts, children: ComplianceCounts[]): ComplianceCounts {
  const own = { ...subtree };
  for (const c of children) for (const k of Object.keys(own) as (keyof ComplianceCounts)[]) own[k] -= c[k];
  return own;
}
function builders<K>(keys: Iterable<K>): Map<K, CellBuilder> {
  return new Map([...keys].map((k) => [k, new CellBuilder()]));
}
function getOr<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

/** Totals of a period only (figures read, items and deliveries published, pushes), for the comparison. */
async function periodTotals(q: Queryable, scope: ReportScope, period: ReportPeriod): Promise<Report['previous']> {
  const [figures, pub, comp] = await Promise.all([
    scopeTotals(q, scope.root.id, scope.ids, period),
    publishedRows(q, scope.root.id, scope.ids, period, false),
    subtreePushes(q, [scope.root.id], period),
  ]);
  // The root's item rows count each delivery of the subtree once, as its channels' rows do: a few dozen rows, not one per channel.
  return { figures, items: new Set(pub.items.map((i) => i.itemId)).size, deliveries: pub.items.reduce((s, i) => s + i.deliveries, 0), compliance: comp.get(scope.root.id)! };
}

/** Every channel of the scope (exports, snapshots), built in Node from one row per channel, in the report's order. */
function everyChannel(scope: ReportScope, figs: ScopeFigureRows, pub: PublishedRows, chans: ChannelRow[]): TopChannels {
  const channelById = new Map(chans.map((c) => [c.id, c]));
  const topOf = (unit: string) => scope.topOf.get(unit) ?? scope.root.id;
  const byChannel = new Map<string, TopChannel>();
  const channel = (c: ChannelRow) => getOr(byChannel, c.id, () => ({ id: c.id, name: c.name, platform: c.platform, unitId: c.unit_id, figures: {}, deliveries: 0, unread: 0, nextReadingAt: null }));
  const figures: GroupFigure[] = [];
  for (const r of figs.channels) {
    figures.push({ top: topOf(r.unitId), platform: r.platform, kind: r.kind, value: r.value });
    const f = channel(channelById.get(r.channelId)!).figures;
    f[r.kind] = (f[r.kind] ?? 0) + r.value;
  }
  const published: GroupPublished[] = [];
  for (const p of pub.channels) {
    const c = channelById.get(p.channelId);
    if (!c) continue;
    published.push({ top: topOf(c.unit_id), platform: c.platform, deliveries: p.deliveries, unread: p.unread, nextReadingAt: p.nextReadingAt });
    Object.assign(channel(c), { deliveries: p.deliveries, unread: p.unread, nextReadingAt: p.nextReadingAt });
  }
  return { figures, published, channels: [...byChannel.values()], channelCount: byChannel.size };
}

/** The report's order of channels: by reach, then views (nothing read ranks below 0), then id (as top-channels.ts ranks them). */
function byRank(a: TopChannel, b: TopChannel): number {
  return (b.figures.reach ?? -1) - (a.figures.reach ?? -1) || (b.figures.views ?? -1) - (a.figures.views ?? -1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A channel's cells: its figures, its platform and its unread publications. */
function channelCells(c: TopChannel): FigureCells {
  const b = new CellBuilder();
  for (const [k, v] of Object.entries(c.figures) as [MetricKind, number][]) b.add(k, v);
  b.unread(c.platform, c.unread, c.nextReadingAt);
  return b.cells();
}

/**
 * A unit's report for a period, computed fresh from the rollups, deliveries, pushes and
 * activities of its subtree (no access check here: callers check `report.read`). Every channel is listed.
 * The weights may still be on their way: they are needed only for the ranking, at the end.
 */
export async function buildReport(q: Queryable, unitId: string, period: ReportPeriod, weights: RankingWeights | Promise<RankingWeights>, now: Date): Promise<Report> {
  return (await build(q, unitId, period, weights, now, null)).report;
}

/** The same report listing only its first `top` channels (ranked in the database), with how many there are: the API's. */
export async function buildReportTop(q: Queryable, unitId: string, period: ReportPeriod, weights: RankingWeights | Promise<RankingWeights>, now: Date, top: number): Promise<Report & { channelCount: number }> {
  const { report, channelCount } = await build(q, unitId, period, weights, now, top);
  return { ...report, channelCount };
}

async function build(q: Queryable, unitId: string, period: ReportPeriod, weights: RankingWeights | Promise<RankingWeights>, now: Date, top: number | null): Promise<{ report: Report; channelCount: number }> {
  const drained = drainReportQueues(q);
  // The parts that need only the root's id (the API's channels, the activities, the coverage's counts) start beside the
  // scope rather than after it; awaited with the others below (the catch only keeps a failure from going unhandled meanwhile).
  const early = [
    top === null ? null : drained.then(() => topChannels(q, unitId, period, top)),
    activitiesIn(q, unitId, period),
    drained.then(() => coverageCounts(q, unitId, period)),
  ] as const;
  for (const p of early) p?.catch(() => {});
  const [scope] = await Promise.all([reportScope(q, unitId), drained]);
  const prev = previousPeriod(period);
  const every = top === null;
  const [figs, pub, comp, cov, acts, chans, previous, sent] = await Promise.all([
    scopeFigureRows(q, scope.root.id, scope.ids, period, every),
    publishedRows(q, scope.root.id, scope.ids, period, every),
    subtreePushes(q, [scope.root.id, ...scope.children.map((c) => c.id)], period),
    early[2].then((counts) => coverageOf(scope, counts)),
    early[1],
    every ? q.execute<ChannelRow>(sql`select id, name, platform, unit_id from channels where ${inUnits(sql`unit_id`, scope.ids)}`) : early[0]!,
    periodTotals(q, scope, prev),
    q.execute<{ id: string; unit_id: string; state: ReportState; submitted_at: string | null; totals: Report['totals'] | null }>(sql`
      select id, unit_id, state, submitted_at, snapshot #> '{report,totals}' as totals from unit_reports
      where period_from = ${period.from}::date and period_to = ${period.to}::date
        and unit_id = any(${`{${scope.children.map((c) => c.id).join(',')}}`}::uuid[])`),
  ]);
  const channels = Array.isArray(chans) ? everyChannel(scope, figs, pub, chans) : chans;
  const unitName = new Map(scope.units.map((u) => [u.id, u.name]));
  const topOf = (unit: string) => scope.topOf.get(unit) ?? scope.root.id;

  // Figures by unit row and by platform, from the channels' rows (one per channel, or already summed by row and platform).
  const total = new CellBuilder();
  const byTop = builders<string>([scope.root.id, ...scope.children.map((c) => c.id)]);
  const byPlatform = builders<Platform>([]);
  for (const r of channels.figures) {
    for (const b of [total, getOr(byTop, r.top, () => new CellBuilder()), getOr(byPlatform, r.platform, () => new CellBuilder())]) {
      b.add(r.kind, r.value);
      b.platform(r.platform);
    }
  }
  const deliveriesBy = { top: new Map<string, number>(), platform: new Map<Platform, number>() };
  let deliveries = 0;
  for (const p of channels.published) {
    for (const b of [total, getOr(byTop, p.top, () => new CellBuilder()), getOr(byPlatform, p.platform, () => new CellBuilder())]) b.unread(p.platform, p.unread, p.nextReadingAt);
    deliveriesBy.top.set(p.top, (deliveriesBy.top.get(p.top) ?? 0) + p.deliveries);
    deliveriesBy.platform.set(p.platform, (deliveriesBy.platform.get(p.platform) ?? 0) + p.deliveries);
    deliveries += p.deliveries;
  }

  // Figures by item and theme, from the item rows.
  const byItem = builders<string>([]);
  const byTheme = builders<Theme>([]);
  const themeOf = new Map<string, Theme>();
  for (const r of figs.items) {
    themeOf.set(r.itemId, r.theme);
    for (const b of [getOr(byItem, r.itemId, () => new CellBuilder()), getOr(byTheme, r.theme, () => new CellBuilder())]) {
      b.add(r.kind, r.value);
      b.platform(r.platform);
    }
  }
  const itemTitle = new Map(pub.items.map((i) => [i.itemId, i.title]));
  const deliveriesOfItem = new Map<string, number>();
  const deliveriesByTheme = new Map<Theme, number>();
  for (const i of pub.items) {
    themeOf.set(i.itemId, themeOf.get(i.itemId) ?? i.theme);
    deliveriesOfItem.set(i.itemId, (deliveriesOfItem.get(i.itemId) ?? 0) + i.deliveries);
    deliveriesByTheme.set(i.theme, (deliveriesByTheme.get(i.theme) ?? 0) + i.deliveries);
    for (const b of [getOr(byItem, i.itemId, () => new CellBuilder()), getOr(byTheme, i.theme, () => new CellBuilder())]) b.unread(i.platform, i.unread, i.nextReadingAt);
  }
  const missingTitles = [...byItem.keys(), ...cov.items.map((c) => c.itemId)].filter((k) => !itemTitle.has(k));
  for (const [k, l] of await groupLabels(q, 'item', [...new Set(missingTitles)])) itemTitle.set(k, l.label);

  // Pushes, coverage and activities by unit row.
  const complianceByTop = new Map(comp);
  complianceByTop.set(scope.root.id, ownCounts(comp.get(scope.root.id)!, scope.children.map((c) => comp.get(c.id)!)));
  const itemsInReport = cov.items.length;
  const communesByTop = new Map<string, { communes: number; received: number }>();
  for (const c of cov.communes) {
    const t = getOr(communesByTop, topOf(c.unitId), () => ({ communes: 0, received: 0 }));
    t.communes += 1;
    t.received += c.itemsReceived;
  }
  const share = (x: { communes: number; received: number } | undefined) => (x && x.communes > 0 && itemsInReport > 0 ? x.received / (x.communes * itemsInReport) : null);
  const activitiesByTop = new Map<string, number>();
  for (const a of acts) activitiesByTop.set(topOf(a.unitId), (activitiesByTop.get(topOf(a.unitId)) ?? 0) + 1);

  const rows: UnitFigures[] = [{ ...scope.root, own: true }, ...scope.children.map((c) => ({ ...c, own: false }))].map((u) => ({
    unitId: u.id,
    name: u.name,
    kind: u.kind,
    kindLabel: UNIT_KIND_LABELS[u.kind],
    own: u.own,
    figures: byTop.get(u.id)!.cells(),
    deliveries: deliveriesBy.top.get(u.id) ?? 0,
    compliance: complianceByTop.get(u.id)!,
    coverage: share(communesByTop.get(u.id)),
    communes: communesByTop.get(u.id)?.communes ?? 0,
  }));
  const totalCells = total.cells();
  const engagementOf = (r: UnitFigures) => r.figures.engagement.value ?? 0;
  const ranking = rankUnits(
    rows
      .filter((r) => !r.own)
      .map((r) => ({ unitId: r.unitId, name: r.name, onTime: r.compliance.onTime, late: r.compliance.late, missed: r.compliance.missed, coverage: r.coverage, engagement: engagementOf(r), activities: activitiesByTop.get(r.unitId) ?? 0 })),
    await weights,
  );

  const activityTypes = new Map<ActivityType, Report['activities'][number]>();
  for (const a of acts) {
    const row = getOr(activityTypes, a.type, () => ({ type: a.type, ...ACTIVITY_LABELS[a.type], count: 0, quantity: 0, estimatedAudience: 0, clicks: 0 }));
    row.count += 1;
    row.quantity += a.quantity;
    row.estimatedAudience += a.estimatedAudience ?? 0;
    row.clicks += a.clicks;
  }
  const covered = new Map(cov.items.map((c) => [c.itemId, c.covered]));
  const communeCount = cov.communes.length;
  const byReach = <T extends { figures: FigureCells }>(a: T, b: T) => (b.figures.reach.value ?? -1) - (a.figures.reach.value ?? -1) || (b.figures.views.value ?? -1) - (a.figures.views.value ?? -1);

  const report: Report = {
    unit: { id: scope.root.id, name: scope.root.name, kind: scope.root.kind, kindLabel: UNIT_KIND_LABELS[scope.root.kind], parentId: scope.root.parentId },
    period,
    previousPeriod: prev,
    generatedAt: now.toISOString(),
    totals: { figures: totalCells, items: new Set(pub.items.map((i) => i.itemId)).size, deliveries },
    previous,
    byUnit: rows,
    byPlatform: [...byPlatform]
      .map(([platform, b]) => ({ platform, label: PLATFORM_LABELS[platform], figures: b.cells(), deliveries: deliveriesBy.platform.get(platform) ?? 0 }))
      // Ties (nothing read) in the platforms' order, not in the order their rows came.
      .sort((a, b) => byReach(a, b) || platforms.indexOf(a.platform) - platforms.indexOf(b.platform)),
    byTheme: [...byTheme].map(([theme, b]) => ({ theme, label: themeLabel(theme), figures: b.cells(), deliveries: deliveriesByTheme.get(theme) ?? 0 })).sort(byReach),
    byItem: [...new Set([...byItem.keys(), ...covered.keys()])]
      .map((itemId) => {
        const theme = themeOf.get(itemId) ?? 'policy';
        const n = covered.get(itemId);
        return {
          itemId,
          title: itemTitle.get(itemId) ?? '',
          theme,
          themeLabel: themeLabel(theme),
          figures: (byItem.get(itemId) ?? new CellBuilder()).cells(),
          deliveries: deliveriesOfItem.get(itemId) ?? 0,
          covered: n ?? 0,
          coverage: n !== undefined && communeCount > 0 ? n / communeCount : null,
        };
      })
      .sort(byReach),
    byChannel: (every ? channels.channels.sort(byRank) : channels.channels).map((c) => ({
      channelId: c.id,
      name: c.name,
      platform: c.platform,
      platformLabel: PLATFORM_LABELS[c.platform],
      unitName: unitName.get(c.unitId) ?? '',
      figures: channelCells(c),
      deliveries: c.deliveries,
    })),
    compliance: comp.get(scope.root.id)!,
    coverage: {
      communes: communeCount,
      items: itemsInReport,
      average: communeCount > 0 && itemsInReport > 0 ? cov.communes.reduce((s, c) => s + c.itemsReceived, 0) / (communeCount * itemsInReport) : null,
      communesWithNothing: cov.communes.filter((c) => c.itemsReceived === 0).length,
    },
    activities: [...activityTypes.values()],
    ranking,
    submissions: scope.children.map((c) => {
      const r = sent.find((x) => x.unit_id === c.id);
      return { unitId: c.id, name: c.name, reportId: r?.id ?? null, state: r?.state ?? null, submittedAt: r?.submitted_at ? new Date(r.submitted_at).toISOString() : null, totals: r && r.state !== 'draft' ? r.totals : null };
    }),
  };
  return { report, channelCount: channels.channelCount };
}
