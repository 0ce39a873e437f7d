import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { systemActor } from '../core/actor.ts';
import { createDeliveriesForRevision } from '../core/deliveries/create.ts';
import type { Db } from '../db/client.ts';
import { channels, contentItems, deliveries, media, metricSamples, revisionTargets, revisions, type Theme } from '../db/schema/index.ts';
import type { Platform } from '../lib/platforms.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { Storage } from '../lib/storage.ts';
import { renderForChannel } from '../templates/render.ts';

/** Fixtures of the metrics tests (not used by production code). */

export async function createPlatformChannel(
  db: Db,
  secrets: SecretBox,
  o: { unitId: string; platform: Platform; name: string; settings: Record<string, unknown>; credentials: Record<string, unknown> | null },
): Promise<string> {
  const [c] = await db
    .insert(channels)
    .values({
      unitId: o.unitId,
      platform: o.platform,
      name: o.name,
      settings: o.settings,
      credentialsSealed: o.credentials ? secrets.seal(JSON.stringify(o.credentials)) : null,
      allowPrivateNetwork: true,
    })
    .returning({ id: channels.id });
  return c!.id;
}

/** A ready media row whose bytes are in `storage` (the media library after an upload). */
export async function storeMedia(
  db: Db,
  storage: Storage,
  o: { unitId: string; userId: string; kind: 'image' | 'video'; mimeType: string; name: string; bytes: Buffer; width?: number; height?: number },
): Promise<string> {
  const key = `test/${randomBytes(8).toString('hex')}`;
  await storage.put(key, Readable.from([o.bytes]));
  const [m] = await db
    .insert(media)
    .values({
      unitId: o.unitId,
      uploadedBy: o.userId,
      kind: o.kind,
      status: 'ready',
      mimeType: o.mimeType,
      originalName: o.name,
      storageKey: key,
      sizeBytes: o.bytes.length,
      receivedBytes: o.bytes.length,
      sha256: createHash('sha256').update(o.bytes).digest('hex'),
      width: o.width ?? null,
      height: o.height ?? null,
    })
    .returning({ id: media.id });
  return m!.id;
}

export async function jpegBytes(width: number, height: number, red = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 60, b: 40 } } }).jpeg({ quality: 80 }).toBuffer();
}

/** Bytes standing for an MP4 (the simulators store, hash and count them; they do not decode video). */
export function videoBytes(size: number): Buffer {
  const b = randomBytes(size);
  Buffer.from('\x00\x00\x00\x18ftypmp42', 'latin1').copy(b, 0);
  return b;
}

/**
 * An approved revision with media targeting `channelIds` at `publishAt`, renderings frozen
 * by templates/render.ts and deliveries plus publish jobs created as approval creates them.
 */
export async function approveWithMedia(
  db: Db,
  o: { unitId: string; authorId: string; channelIds: string[]; publishAt: Date; mediaIds?: string[]; title?: string; theme?: Theme },
): Promise<{ itemId: string; slug: string; revisionId: string; deliveryIds: string[] }> {
  const slug = `bai-${randomBytes(4).toString('hex')}`;
  const title = o.title ?? 'Hành trình hoàn lương: từ trại giam trở về làm kinh tế';
  const summary = 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La';
  // Pages refuse the same text twice in a row (Graph 506): every fixture post says something of its own.
  const body = `${title}.\n\nSau khi chấp hành xong án phạt, anh A được xã giúp vay vốn theo Quyết định 22/2023/QĐ-TTg (${slug}).`;
  const theme = o.theme ?? 'testimony';
  const mediaIds = o.mediaIds ?? [];
  const [item] = await db.insert(contentItems).values({ unitId: o.unitId, createdBy: o.authorId, slug }).returning();
  const targets = (await db.select({ id: channels.id, platform: channels.platform }).from(channels)).filter((c) => o.channelIds.includes(c.id));
  const renderings = Object.fromEntries(
    targets.map((c) => [
      c.id,
      renderForChannel(
        { itemId: item!.id, revisionId: 'pending', slug, title, summary, body, theme, hashtags: ['#TaiHoaNhap'], links: [], overrides: {}, mediaIds, unit: { id: o.unitId, name: 'Công an tỉnh Sơn La' } },
        c,
        'http://localhost:3000',
      ),
    ]),
  );
  const [rev] = await db
    .insert(revisions)
    .values({ itemId: item!.id, number: 1, state: 'approved', authorId: o.authorId, title, summary, body, theme, mediaIds, publishAt: o.publishAt, frozenRenderings: renderings, templateVersion: 'test' })
    .returning();
  await db.insert(revisionTargets).values(targets.map((t) => ({ revisionId: rev!.id, channelId: t.id })));
  await db.update(contentItems).set({ approvedRevisionId: rev!.id, latestRevisionId: rev!.id }).where(eq(contentItems.id, item!.id));
  const deliveryIds = await db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, rev!.id, new Date()));
  return { itemId: item!.id, slug, revisionId: rev!.id, deliveryIds };
}

/** The delivery among `ids` that goes to `channelId`. */
export async function deliveryOn(db: Db, ids: string[], channelId: string): Promise<string> {
  const [row] = await db.select({ id: deliveries.id }).from(deliveries).where(and(inArray(deliveries.id, ids), eq(deliveries.channelId, channelId)));
  return row!.id;
}

export async function samplesOf(db: Db, deliveryId: string) {
  return db.select().from(metricSamples).where(eq(metricSamples.deliveryId, deliveryId)).orderBy(metricSamples.collectedAt, metricSamples.id);
}
