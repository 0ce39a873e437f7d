import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Storage } from '../../lib/storage.ts';

/**
 * Phone-sized JPEG renditions of an item's images: `small` to show on the task page
 * (light on a weak connection), `large` to save and attach in Zalo (which recompresses
 * anything bigger); `medium` for the public site's photos on a 360 px phone of pixel ratio
 * 2 (656 px needed: `small` would blur, `large` costs twice the bytes). Made once per image
 * and size, then kept in storage: media never change. Served by the officers' phone pages
 * (server/phone) and the public site (server/site), so it sits here with the other sharp work
 * on stored media, owned by neither.
 */
export const RENDITIONS = { small: 480, medium: 800, large: 1280 } as const;
export type Rendition = keyof typeof RENDITIONS;

const renditionKey = (mediaId: string, width: number) => `renditions/${mediaId.slice(0, 2)}/${mediaId}-w${width}.jpg`;

export async function phoneRendition(storage: Storage, media: { id: string; storageKey: string }, size: Rendition, maxImagePixels: number): Promise<{ key: string; bytes: number }> {
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
