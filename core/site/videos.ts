import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/** A campaign video published on YouTube through Loa. */
export interface SiteVideo {
  deliveryId: string;
  /** YouTube's video id (the delivery's external id). */
  videoId: string;
  itemId: string;
  title: string;
  summary: string;
  /** The approved text: the player page shows it under the video. */
  body: string;
  /** The item's live article on the site, if it has one (with the photos and documents). */
  articleSlug: string | null;
  publishedAt: Date;
  /** The item's first ready image, served from Loa's storage as the poster; null: no poster. */
  posterMediaId: string | null;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{6,20}$/;

function select(where: ReturnType<typeof sql>, limit: number, offset = 0) {
  return sql`
    select d.id as delivery_id, d.external_id as video_id, d.item_id, r.title, r.summary, r.body, d.published_at,
      (select m.id from unnest(r.media_ids) with ordinality as x(id, n) join media m on m.id = x.id
        where m.kind = 'image' and m.status = 'ready' order by x.n limit 1) as poster_media_id,
      (select a.slug from site_articles a where a.item_id = d.item_id and a.taken_down_at is null) as article_slug
    from deliveries d
    join channels c on c.id = d.channel_id and c.platform = 'youtube_channel'
    join revisions r on r.id = d.revision_id
    where d.state = 'published' and d.external_id is not null and ${where}
    order by d.published_at desc, d.id desc
    limit ${limit} offset ${offset}`;
}

type Row = { delivery_id: string; video_id: string; item_id: string; title: string; summary: string; body: string; published_at: string; poster_media_id: string | null; article_slug: string | null };

function toVideo(r: Row): SiteVideo {
  return { deliveryId: r.delivery_id, videoId: r.video_id, itemId: r.item_id, title: r.title, summary: r.summary, body: r.body, publishedAt: new Date(r.published_at), posterMediaId: r.poster_media_id, articleSlug: r.article_slug };
}

/** Published YouTube videos, newest first (a video taken down on YouTube leaves the list). */
export async function listVideos(q: Queryable, page: { limit: number; offset: number }): Promise<SiteVideo[]> {
  const rows = await q.execute<Row>(select(sql`true`, page.limit, page.offset));
  return rows.map(toVideo).filter((v) => YOUTUBE_ID.test(v.videoId));
}

/** One published video by its delivery. */
export async function findVideo(q: Queryable, deliveryId: string): Promise<SiteVideo | null> {
  const [row] = await q.execute<Row>(select(sql`d.id = ${deliveryId}::uuid`, 1));
  const video = row ? toVideo(row) : null;
  return video && YOUTUBE_ID.test(video.videoId) ? video : null;
}

/** The videos of one content item (an article shows them as posters). */
export async function videosOfItem(q: Queryable, itemId: string): Promise<SiteVideo[]> {
  const rows = await q.execute<Row>(select(sql`d.item_id = ${itemId}::uuid`, 5));
  return rows.map(toVideo).filter((v) => YOUTUBE_ID.test(v.videoId));
}
