import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, contentItems, revisions, units } from '../../db/schema/index.ts';
import type { BreakdownBy } from './figures.ts';

/** What a report shows for a breakdown group: a channel's name, an item's title, a unit's name. */
export interface GroupLabel {
  label: string;
  platform: string | null;
}

/** Labels of breakdown keys; themes and platforms label themselves. */
export async function groupLabels(q: Queryable, by: BreakdownBy, keys: string[]): Promise<Map<string, GroupLabel>> {
  const out = new Map<string, GroupLabel>();
  if (keys.length === 0) return out;
  if (by === 'channel') {
    const rows = await q.select({ id: channels.id, name: channels.name, platform: channels.platform }).from(channels).where(inArray(channels.id, keys));
    for (const r of rows) out.set(r.id, { label: r.name, platform: r.platform });
  } else if (by === 'item') {
    // The approved revision's title (the latest one's while none is approved).
    const rows = await q
      .select({ id: contentItems.id, title: revisions.title })
      .from(contentItems)
      .innerJoin(revisions, eq(revisions.id, contentItems.approvedRevisionId))
      .where(inArray(contentItems.id, keys));
    for (const r of rows) out.set(r.id, { label: r.title, platform: null });
    const missing = keys.filter((k) => !out.has(k));
    if (missing.length) {
      const latest = await q
        .select({ id: contentItems.id, title: revisions.title })
        .from(contentItems)
        .innerJoin(revisions, eq(revisions.id, contentItems.latestRevisionId))
        .where(inArray(contentItems.id, missing));
      for (const r of latest) out.set(r.id, { label: r.title, platform: null });
    }
  } else if (by === 'unit') {
    const rows = await q.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, keys));
    for (const r of rows) out.set(r.id, { label: r.name, platform: null });
  } else {
    for (const k of keys) out.set(k, { label: k, platform: by === 'platform' ? k : null });
  }
  return out;
}
