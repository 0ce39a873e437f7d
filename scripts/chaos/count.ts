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
  const t: Tally = { deliveries: 0, byChannel: {} as Tally['byChannel'], duplicates: [], lost: [], stuck: [], toPerson: [], states: {} };
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
    if (n > 1) {
      c.duplicates++;
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
  return t;
}
