import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { MediaRef, PublishContext, RenderedPost } from '../connectors/contract.ts';
import type { Db } from '../db/client.ts';
import { channels, contentItems, deliveries, media, revisions, type Theme, units, users } from '../db/schema/index.ts';
import { createLogger } from '../lib/logger.ts';
import type { Storage } from '../lib/storage.ts';
import { slugify } from '../lib/text.ts';

/**
 * Test-only helpers: the rows a real site delivery stands on (unit, author, item, approved
 * revision, site channel, delivery) and the RenderedPost a worker would hand the connector.
 */
export interface SiteFixture {
  db: Db;
  unit: { id: string; name: string };
  userId: string;
  channelId: string;
}

export async function createSiteFixture(db: Db, unitName = 'Công an tỉnh Bình Định', parentId: string | null = null): Promise<SiteFixture> {
  const [unit] = await db.insert(units).values({ name: unitName, parentId, kind: 'province' }).returning({ id: units.id });
  const [user] = await db
    .insert(users)
    .values({ email: `bientap-${unit!.id.slice(0, 8)}@ca.vn`, displayName: 'Biên tập viên' })
    .returning({ id: users.id });
  const [channel] = await db
    .insert(channels)
    .values({ unitId: unit!.id, platform: 'site', name: 'Trang web Con đường hướng thiện' })
    .returning({ id: channels.id });
  return { db, unit: { id: unit!.id, name: unitName }, userId: user!.id, channelId: channel!.id };
}

export interface PostSpec {
  title: string;
  body: string;
  summary?: string;
  theme?: Theme;
  hashtags?: string[];
  /** A new revision of this item instead of a new item. */
  itemId?: string;
  media?: MediaRef[];
}

/** An approved revision with a delivery to the site channel, rendered as the worker would. */
export async function newSiteDelivery(fx: SiteFixture, spec: PostSpec, now = new Date()): Promise<RenderedPost> {
  const theme = spec.theme ?? 'guidance';
  let itemId = spec.itemId;
  let slug: string;
  if (!itemId) {
    slug = `${slugify(spec.title, 60)}-${Math.random().toString(36).slice(2, 7)}`;
    const [item] = await fx.db.insert(contentItems).values({ unitId: fx.unit.id, createdBy: fx.userId, slug }).returning({ id: contentItems.id });
    itemId = item!.id;
  } else {
    const [item] = await fx.db.select({ slug: contentItems.slug }).from(contentItems).where(eq(contentItems.id, itemId));
    slug = item!.slug;
  }
  const [{ next }] = (await fx.db.execute<{ next: number }>(sql`select coalesce(max(number), 0) + 1 as next from revisions where item_id = ${itemId}`)) as unknown as [
    { next: number },
  ];
  const mediaList = spec.media ?? [];
  const [revision] = await fx.db
    .insert(revisions)
    .values({
      itemId,
      number: Number(next),
      state: 'approved',
      authorId: fx.userId,
      title: spec.title,
      summary: spec.summary ?? '',
      body: spec.body,
      theme,
      hashtags: spec.hashtags ?? [],
      mediaIds: mediaList.map((m) => m.id),
    })
    .returning({ id: revisions.id });
  const [delivery] = await fx.db
    .insert(deliveries)
    .values({ revisionId: revision!.id, itemId, channelId: fx.channelId, state: 'publishing', dueAt: now })
    .returning({ id: deliveries.id });
  const marker = `loa:${delivery!.id}`;
  const hashtags = [...(spec.hashtags ?? []), '#ConDuongHuongThien'];
  return {
    deliveryId: delivery!.id,
    itemId,
    revisionId: revision!.id,
    marker,
    title: spec.title,
    text: [spec.body, hashtags.join(' ')].join('\n\n'),
    body: spec.body,
    summary: spec.summary ?? '',
    link: `https://huongthien.test/bai-viet/${slug}?ref=${marker}`,
    linkLive: true,
    hashtags,
    categories: [],
    theme,
    slug,
    unit: fx.unit,
    publishAt: now,
    media: mediaList,
  };
}

/** A ready media file in storage, as the upload flow leaves it. */
export async function addMedia(
  fx: SiteFixture,
  storage: Storage,
  spec: { kind: MediaRef['kind']; mimeType: string; name: string; bytes: Buffer; altText?: string },
): Promise<MediaRef> {
  const key = `test/${createHash('sha256').update(spec.bytes).update(String(Math.random())).digest('hex')}`;
  await storage.put(key, Readable.from([spec.bytes]));
  const sha256 = createHash('sha256').update(spec.bytes).digest('hex');
  const [row] = await fx.db
    .insert(media)
    .values({
      unitId: fx.unit.id,
      uploadedBy: fx.userId,
      kind: spec.kind,
      mimeType: spec.mimeType,
      originalName: spec.name,
      storageKey: key,
      sizeBytes: spec.bytes.length,
      receivedBytes: spec.bytes.length,
      sha256,
      altText: spec.altText ?? null,
    })
    .returning({ id: media.id });
  return {
    id: row!.id,
    kind: spec.kind,
    mimeType: spec.mimeType,
    fileName: spec.name,
    sizeBytes: spec.bytes.length,
    altText: spec.altText ?? null,
    sha256,
    open: (range) => storage.read(key, range),
  };
}

/** What the publish task hands a connector; the site connector makes no HTTP calls. */
export function siteContext(fx: SiteFixture, now: () => Date = () => new Date()): PublishContext {
  return {
    channel: { id: fx.channelId, name: 'Trang web', platform: 'site', unitId: fx.unit.id, settings: {}, allowPrivateNetwork: false, credentialsExpiresAt: null },
    credentials: null,
    progress: {},
    saveProgress: async () => {},
    http: {
      request: () => Promise.reject(new Error('the site connector makes no HTTP calls')),
    },
    log: createLogger('silent'),
    signal: new AbortController().signal,
    now,
  };
}
