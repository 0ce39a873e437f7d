import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Platform, RevisionState, Theme } from '../../db/schema/index.ts';

export interface PlannedFilter {
  readableUnitIds: string[];
  unitIds?: string[] | undefined;
  channelId?: string | undefined;
  theme?: Theme | undefined;
  dueFrom?: Date | undefined;
  dueTo?: Date | undefined;
  limit: number;
}

export interface PlannedTarget {
  itemId: string;
  unitId: string;
  revisionNumber: number;
  state: RevisionState;
  title: string;
  theme: Theme;
  channel: { id: string; name: string; platform: Platform };
  publishAt: Date;
}

/**
 * What is planned but not yet approved: each target of an item's newest revision while it
 * is a draft or in review, at its own time or the revision's. Items already approved
 * show as deliveries instead; a target without any time is not on a calendar.
 */
export async function listPlannedTargets(q: Queryable, f: PlannedFilter): Promise<PlannedTarget[]> {
  if (f.readableUnitIds.length === 0 || f.unitIds?.length === 0) return [];
  const units = f.unitIds ?? f.readableUnitIds;
  const rows = await q.execute<{
    item_id: string;
    unit_id: string;
    number: number;
    state: RevisionState;
    title: string;
    theme: Theme;
    channel_id: string;
    channel_name: string;
    platform: Platform;
    publish_at: string;
  }>(sql`
    select i.id as item_id, i.unit_id, r.number, r.state, r.title, r.theme, c.id as channel_id, c.name as channel_name, c.platform,
           coalesce(t.publish_at, r.publish_at) as publish_at
    from content_items i
    join revisions r on r.id = i.latest_revision_id and r.state in ('draft', 'in_review')
    join revision_targets t on t.revision_id = r.id
    join channels c on c.id = t.channel_id
    where i.unit_id = any(${`{${f.readableUnitIds.join(',')}}`}::uuid[])
      and i.unit_id = any(${`{${units.join(',')}}`}::uuid[])
      and coalesce(t.publish_at, r.publish_at) is not null
      ${f.channelId ? sql`and c.id = ${f.channelId}` : sql``}
      ${f.theme ? sql`and r.theme = ${f.theme}` : sql``}
      ${f.dueFrom ? sql`and coalesce(t.publish_at, r.publish_at) >= ${f.dueFrom.toISOString()}::timestamptz` : sql``}
      ${f.dueTo ? sql`and coalesce(t.publish_at, r.publish_at) < ${f.dueTo.toISOString()}::timestamptz` : sql``}
    order by 10, i.id, c.name
    limit ${f.limit}`);
  return rows.map((r) => ({
    itemId: r.item_id,
    unitId: r.unit_id,
    revisionNumber: r.number,
    state: r.state,
    title: r.title,
    theme: r.theme,
    channel: { id: r.channel_id, name: r.channel_name, platform: r.platform },
    publishAt: new Date(r.publish_at),
  }));
}
