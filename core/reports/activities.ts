import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { activities, contentItems, links, media, type ActivityType } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Period } from '../metrics/figures.ts';
import { vnDay } from '../metrics/period.ts';
import { actingUserId, assertAllowedOnUnit } from '../org/access.ts';
import { allows } from '../policy.ts';
import { membershipsOf, unitAncestry } from '../units.ts';
import { subtreeSql } from './scope.ts';

export type ActivityRow = typeof activities.$inferSelect;

export interface ActivityInput {
  unitId: string;
  type: ActivityType;
  occurredOn: string;
  title: string;
  quantity: number;
  estimatedAudience?: number | null | undefined;
  proofMediaId?: string | null | undefined;
  itemId?: string | null | undefined;
  linkId?: string | null | undefined;
  note?: string | null | undefined;
}

/** The actor must be able to read what an activity points at (an item, a proof, a tracked link's item). */
async function assertReadable(q: Queryable, actor: Actor, table: 'item' | 'media' | 'link', id: string, field: string): Promise<void> {
  let unitId: string | null = null;
  if (table === 'item') {
    const [row] = await q.select({ unitId: contentItems.unitId }).from(contentItems).where(eq(contentItems.id, id));
    if (!row) throw notFound({ vi: 'bài', en: 'Content item' }, field);
    unitId = row.unitId;
  } else if (table === 'media') {
    const [row] = await q.select({ unitId: media.unitId }).from(media).where(eq(media.id, id));
    if (!row) throw notFound({ vi: 'tệp minh chứng', en: 'Proof file' }, field);
    unitId = row.unitId;
  } else {
    const [row] = await q.select({ unitId: contentItems.unitId }).from(links).leftJoin(contentItems, eq(contentItems.id, links.itemId)).where(eq(links.id, id));
    if (!row) throw notFound({ vi: 'liên kết theo dõi', en: 'Tracked link' }, field);
    unitId = row.unitId;
  }
  if (unitId === null) return;
  const grants = await membershipsOf(q, actingUserId(actor));
  if (!allows(grants, 'content.read', await unitAncestry(q, unitId))) throw notFound({ vi: 'mục được liên kết', en: 'Linked record' }, field);
}

/**
 * Records an activity of a unit (needs `activity.record` on it). Audience and clicks of its
 * tracked link stay beside online reach in reports, never added to it. It has happened:
 * a day after today (Vietnam) is refused, so a typo (2062 for 2026) cannot land in a future
 * report that is then submitted upward.
 */
export async function recordActivity(q: Queryable, actor: Actor, input: ActivityInput, now: Date): Promise<ActivityRow> {
  await assertAllowedOnUnit(q, actor, 'activity.record', input.unitId, '/unitId');
  const title = nfc(input.title.trim());
  if (!title) throw invalid('ACTIVITY_TITLE_REQUIRED', '/title', { vi: 'Cần nhập tên hoạt động', en: 'The activity needs a title' });
  if (input.occurredOn > vnDay(now)) {
    throw invalid('ACTIVITY_IN_FUTURE', '/occurredOn', { vi: 'Ngày diễn ra hoạt động không được sau hôm nay', en: 'The activity cannot take place after today' });
  }
  if (input.itemId) await assertReadable(q, actor, 'item', input.itemId, '/itemId');
  if (input.proofMediaId) await assertReadable(q, actor, 'media', input.proofMediaId, '/proofMediaId');
  if (input.linkId) await assertReadable(q, actor, 'link', input.linkId, '/linkId');
  return q.transaction(async (tx) => {
    const [row] = await tx
      .insert(activities)
      .values({
        unitId: input.unitId,
        type: input.type,
        occurredOn: input.occurredOn,
        title,
        quantity: input.quantity,
        estimatedAudience: input.estimatedAudience ?? null,
        proofMediaId: input.proofMediaId ?? null,
        itemId: input.itemId ?? null,
        linkId: input.linkId ?? null,
        note: input.note?.trim() ? nfc(input.note.trim()) : null,
        createdBy: actingUserId(actor),
      })
      .returning();
    await audit(tx, actor, { action: 'activity.record', entityType: 'activity', entityId: row!.id, unitId: input.unitId, data: { type: input.type, occurredOn: input.occurredOn, quantity: input.quantity } });
    return row!;
  });
}

/** The activities of a unit's subtree in a period, newest first (needs `report.read` on the unit). */
export async function listActivities(q: Queryable, actor: Actor, unitId: string, period: Period): Promise<(ActivityRow & { clicks: number })[]> {
  await assertAllowedOnUnit(q, actor, 'report.read', unitId, '/unitId');
  return activitiesIn(q, unitId, period);
}

/** Activities of a unit's subtree in the period, each with the clicks its tracked link got in the period. */
export async function activitiesIn(q: Queryable, rootUnitId: string, period: Period): Promise<(ActivityRow & { clicks: number })[]> {
  const rows = await q
    .select()
    .from(activities)
    .where(and(sql`${activities.unitId} in (select id from (${subtreeSql(rootUnitId)}) s)`, gte(activities.occurredOn, period.from), lte(activities.occurredOn, period.to)))
    .orderBy(desc(activities.occurredOn), desc(activities.createdAt));
  const linkIds = [...new Set(rows.map((r) => r.linkId).filter((x): x is string => x !== null))];
  const clicks = new Map<string, number>();
  if (linkIds.length) {
    const counted = await q.execute<{ link_id: string; clicks: number }>(sql`
      select link_id, sum(clicks)::float8 as clicks from link_clicks
      where link_id = any(${`{${linkIds.join(',')}}`}::uuid[]) and day between ${period.from}::date and ${period.to}::date
      group by link_id`);
    for (const c of counted) clicks.set(c.link_id, Number(c.clicks));
  }
  return rows.map((r) => ({ ...r, clicks: r.linkId ? (clicks.get(r.linkId) ?? 0) : 0 }));
}
