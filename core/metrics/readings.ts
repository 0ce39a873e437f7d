import { and, asc, desc, eq, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, contentItems, deliveries, metricSamples, metricSchedule, revisions } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import { decodeCursor, encodeCursor, type Page } from '../org/pagination.ts';
import { kindOf, type MetricKind } from './kinds.ts';

/** A delivery as the metrics API shows it, with the units its access is checked on. */
export async function deliveryForStats(q: Queryable, id: string) {
  const [row] = await q
    .select({
      id: deliveries.id,
      state: deliveries.state,
      itemId: deliveries.itemId,
      itemUnitId: contentItems.unitId,
      title: revisions.title,
      theme: revisions.theme,
      channelId: channels.id,
      channelName: channels.name,
      channelUnitId: channels.unitId,
      platform: channels.platform,
      externalUrl: deliveries.externalUrl,
      publishedAt: deliveries.publishedAt,
    })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .innerJoin(contentItems, eq(contentItems.id, deliveries.itemId))
    .innerJoin(revisions, eq(revisions.id, deliveries.revisionId))
    .where(eq(deliveries.id, id));
  return row ?? null;
}

export interface LatestReading {
  metric: string;
  kind: MetricKind | null;
  value: number;
  collectedAt: Date;
  source: string;
}

/** The latest reading of every metric of a delivery, with what it counts as. */
export async function latestReadings(q: Queryable, deliveryId: string, platform: Platform): Promise<LatestReading[]> {
  const rows = await q
    .selectDistinctOn([metricSamples.metric], {
      metric: metricSamples.metric,
      value: metricSamples.value,
      collectedAt: metricSamples.collectedAt,
      source: metricSamples.source,
    })
    .from(metricSamples)
    .where(eq(metricSamples.deliveryId, deliveryId))
    .orderBy(metricSamples.metric, desc(metricSamples.collectedAt), desc(metricSamples.id));
  return rows.map((r) => ({ ...r, kind: kindOf(platform, r.metric) }));
}

/** Where the delivery is in its reading cadence; null once the cadence is over (or never started). */
export async function readingSchedule(q: Queryable, deliveryId: string) {
  const [row] = await q
    .select({ step: metricSchedule.step, nextAt: metricSchedule.nextAt, lastCollectedAt: metricSchedule.lastCollectedAt, lastErrorCode: metricSchedule.lastErrorCode })
    .from(metricSchedule)
    .where(eq(metricSchedule.deliveryId, deliveryId));
  return row ?? null;
}

export interface SampleView {
  metric: string;
  value: number;
  collectedAt: Date;
  source: string;
}

/** The time series of a delivery's readings, oldest first; keyset cursor (collectedAt, id). */
export async function samplesPage(
  q: Queryable,
  deliveryId: string,
  o: { metric?: string | undefined; since?: Date | undefined; until?: Date | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<SampleView>> {
  const conditions: (SQL | undefined)[] = [
    eq(metricSamples.deliveryId, deliveryId),
    o.metric ? eq(metricSamples.metric, o.metric) : undefined,
    o.since ? gte(metricSamples.collectedAt, o.since) : undefined,
    o.until ? lt(metricSamples.collectedAt, o.until) : undefined,
  ];
  if (o.cursor) {
    const [at, id] = decodeCursor(o.cursor, ['time', 'integer'] as const);
    const after = new Date(at);
    conditions.push(or(gt(metricSamples.collectedAt, after), and(eq(metricSamples.collectedAt, after), gt(metricSamples.id, id))));
  }
  const rows = await q
    .select({ id: metricSamples.id, metric: metricSamples.metric, value: metricSamples.value, collectedAt: metricSamples.collectedAt, source: metricSamples.source })
    .from(metricSamples)
    .where(and(...conditions))
    .orderBy(asc(metricSamples.collectedAt), asc(metricSamples.id))
    .limit(o.limit + 1);
  const more = rows.length > o.limit;
  const items = rows.slice(0, o.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(({ id: _id, ...s }) => s),
    nextCursor: more && last ? encodeCursor([last.collectedAt.toISOString(), last.id]) : null,
  };
}
