import { eq, isNull, sql } from 'drizzle-orm';
import { wordpressMarker } from '../../connectors/wordpress/content.ts';
import type { Db } from '../../db/client.ts';
import { channels, deliveries, notifications, siteArticles } from '../../db/schema/index.ts';
import type { DemoSimulators } from '../demo/simulators.ts';
import type { ChaosChannel, ChaosSeed } from './seed.ts';

export interface Tally {
  deliveries: number;
  byChannel: Record<ChaosChannel, { deliveries: number; once: number; duplicates: number; lost: number }>;
  duplicates: string[];
  /** Loa says published (or nothing says otherwise) and the platform holds nothing with its marker. */
  lost: string[];
  /** Not in a final state at the end, and not waiting for a person. */
  stuck: string[];
  /** Handed to a person: needs_reconnect, failed, or unconfirmed with a reason shown. */
  toPerson: string[];
  states: Record<string, number>;
  /** Corrections (a second revision approved during the run) by final state: done, replaced, failed, superseded; open ones are stuck. */
  corrections: Record<string, number>;
}

const FINAL = new Set(['published', 'failed', 'cancelled', 'needs_reconnect', 'taken_down', 'missed', 'awaiting_officer']);

/**
 * Objects each platform holds per delivery, counted from what the simulators received (by the
 * delivery's marker), and for the campaign site from its public article table: never from
 * Loa's delivery rows.
 */
function platformCounts(sims: DemoSimulators, siteItems: Map<string, number>) {
  const containing = <T>(list: T[], marker: string) => list.filter((o) => JSON.stringify(o).includes(marker)).length;
  return {
    site: (d: { itemId: string }) => siteItems.get(d.itemId) ?? 0,
    portal: (d: { id: string }) => containing(sims.portal.posts.filter((p) => !p.unpublishedAt), `loa:${d.id}`),
    newspaper: (d: { id: string }) => sims.newspaper.state.posts.filter((p) => p.status !== 'trash' && p.content.includes(`<!-- ${wordpressMarker(d.id)} -->`)).length,
    fanpage: (d: { id: string }) =>
      containing(
        sims.graph.state.posts.filter((p) => p.published),
        `loa:${d.id}`,
      ) + containing(sims.graph.state.videos, `loa:${d.id}`),
    youtube: (d: { id: string }) => containing(sims.youtube.state.videos.filter((v) => !v.deleted), `loa:${d.id}`),
    // An OA publication is an article and its broadcast to followers: either twice is a duplicate.
    zaloOa: (d: { id: string }) => {
      const articles = sims.zalo.state.articles.filter((a) => !a.removed && JSON.stringify(a).includes(`loa:${d.id}`));
      const broadcasts = sims.zalo.state.broadcasts.filter((b) => articles.some((a) => a.id === b.articleId)).length;
      return articles.length === 0 ? 0 : Math.max(articles.length, broadcasts === 0 ? 0 : broadcasts);
    },
  } satisfies Record<ChaosChannel, (d: { id: string; itemId: string }) => number>;
}

/** An `unconfirmed` delivery waits for a person once Loa notified admins/editors to settle it (not while it is still reconciling). */
export function askedPerson() {
  return sql<boolean>`exists(select 1 from ${notifications} n where n.kind = 'unconfirmed' and n.data->>'deliveryId' = ${deliveries.id}::text)`;
}

export async function tally(db: Db, sims: DemoSimulators, seed: ChaosSeed): Promise<Tally> {
  const keyOf = new Map(Object.entries(seed.channels).map(([key, c]) => [c.id, key as ChaosChannel]));
  const rows = await db
    .select({ id: deliveries.id, itemId: deliveries.itemId, channelId: deliveries.channelId, state: deliveries.state, askedPerson: askedPerson() })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId));
  const articles = await db.select({ itemId: siteArticles.itemId }).from(siteArticles).where(isNull(siteArticles.takenDownAt));
  const siteItems = new Map<string, number>();
  for (const a of articles) siteItems.set(a.itemId, (siteItems.get(a.itemId) ?? 0) + 1);
  const counts = platformCounts(sims, siteItems);
  const t: Tally = { deliveries: 0, byChannel: {} as Tally['byChannel'], duplicates: [], lost: [], stuck: [], toPerson: [], states: {}, corrections: {} };
  // A correction must never leave a channel with two objects of one item, even when each came from its own delivery.
  const perItem = new Map<string, { key: ChaosChannel; itemId: string; n: number; flagged: boolean }>();
  for (const d of rows) {
    const key = keyOf.get(d.channelId);
    if (!key || !(key in counts)) continue;
    t.deliveries++;
    t.states[d.state] = (t.states[d.state] ?? 0) + 1;
    const c = (t.byChannel[key] ??= { deliveries: 0, once: 0, duplicates: 0, lost: 0 });
    c.deliveries++;
    const n = counts[key](d);
    const person = d.state === 'needs_reconnect' || d.state === 'failed' || d.state === 'awaiting_officer' || (d.state === 'unconfirmed' && d.askedPerson);
    if (person) t.toPerson.push(`${key}:${d.id}:${d.state}`);
    const slot = perItem.get(`${key} ${d.itemId}`) ?? { key, itemId: d.itemId, n: 0, flagged: false };
    // The site's count is already per item (its public article), not per delivery.
    slot.n = key === 'site' ? n : slot.n + n;
    perItem.set(`${key} ${d.itemId}`, slot);
    if (n > 1) {
      c.duplicates++;
      slot.flagged = true;
      t.duplicates.push(`${key}:${d.id}:${n}`);
    } else if (n === 1) c.once++;
    else if (!person && d.state !== 'cancelled') {
      if (FINAL.has(d.state)) {
        c.lost++;
        t.lost.push(`${key}:${d.id}:${d.state}`);
      }
    }
    if (!FINAL.has(d.state) && !person) t.stuck.push(`${key}:${d.id}:${d.state}`);
  }
  for (const slot of perItem.values()) {
    if (slot.n <= 1 || slot.flagged) continue;
    t.byChannel[slot.key].duplicates++;
    t.duplicates.push(`${slot.key}:item ${slot.itemId}:${slot.n}`);
  }
  await tallyCorrections(db, keyOf, t);
  return t;
}

/**
 * Every correction ends applied (done: edited in place; replaced: the older post never landed
 * and the revision was posted once) or visibly failed (a reason on the board), or superseded by
 * a newer one. Still open at the end is stuck, unless it waits on a delivery left to a person.
 */
async function tallyCorrections(db: Db, keyOf: Map<string, ChaosChannel>, t: Tally): Promise<void> {
  const rows = await db.execute<{ id: string; state: string; message: string | null; channel_id: string; delivery_state: string; asked: boolean }>(sql`
    select c.id, c.state, c.last_error_message as message, d.channel_id, d.state as delivery_state,
      exists(select 1 from notifications n where n.kind = 'unconfirmed' and n.data->>'deliveryId' = d.id::text) as asked
    from delivery_corrections c join deliveries d on d.id = c.delivery_id`);
  for (const c of rows) {
    const key = keyOf.get(c.channel_id) ?? 'other';
    t.corrections[c.state] = (t.corrections[c.state] ?? 0) + 1;
    const withPerson = c.delivery_state === 'needs_reconnect' || (c.delivery_state === 'unconfirmed' && c.asked);
    if (['held', 'pending', 'updating'].includes(c.state)) (withPerson ? t.toPerson : t.stuck).push(`${key}:correction ${c.id}:${c.state}`);
    else if (c.state === 'failed' && !c.message) t.stuck.push(`${key}:correction ${c.id}:failed without a reason`);
  }
}
