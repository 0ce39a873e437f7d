import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { FastifyReply } from 'fastify';
import type { MediaRow } from '../../core/deliveries/context.ts';
import type { Storage } from '../../lib/storage.ts';

/**
 * Phone-sized JPEG renditions of an item's images: `small` to show on the task page
 * (light on a weak connection), `large` to save and attach in Zalo (which recompresses
 * anything bigger); `medium` for the public site's photos on a 360 px phone of pixel ratio
 * 2 (656 px needed: `small` would blur, `large` costs twice the bytes). Made once per image
 * and size, then kept in storage: media never change.
 */
export const RENDITIONS = { small: 480, medium: 800, large: 1280 } as const;
export type Rendition = keyof typeof RENDITIONS;

const renditionKey = (mediaId: string, width: number) => `renditions/${mediaId.slice(0, 2)}/${mediaId}-w${width}.jpg`;

export async function phoneRendition(storage: Storage, media: Pick<MediaRow, 'id' | 'storageKey'>, size: Rendition, maxImagePixels: number): Promise<{ key: string; bytes: number }> {
  const width = RENDITIONS[size];
  const key = renditionKey(media.id, width);
  const existing = await storage.size(key);
  if (existing !== null) return { key, bytes: existing };
  const jpeg = await storage.withLocalFile(media.storageKey, (file) =>
    sharp(file, { limitInputPixels: maxImagePixels })
      .rotate()
      .resize({ width, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: size === 'small' ? 72 : size === 'medium' ? 78 : 82, mozjpeg: true })
      .toBuffer(),
  );
  const bytes = await storage.put(key, Readable.from([jpeg]));
  return { key, bytes };
}

/**
 * Answers with an image's rendition: the large one as a download (to save and attach in
 * Zalo), the small one inline; private, cached a day (media never change).
 */
export async function sendPhoneImage(reply: FastifyReply, storage: Storage, media: MediaRow, size: Rendition, maxImagePixels: number): Promise<FastifyReply> {
  const rendition = await phoneRendition(storage, media, size, maxImagePixels);
  const name = `${media.originalName.replace(/\.[^.]*$/, '') || 'anh'}.jpg`;
  return reply
    .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=86400', 'content-length': String(rendition.bytes) })
    .header('content-disposition', `${size === 'large' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`)
    .type('image/jpeg')
    .send(storage.read(rendition.key));
}
