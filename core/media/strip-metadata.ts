import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import type { Storage } from '../../lib/storage.ts';

/** How each format is written again: its own format, at a quality where re-encoding does not show. */
const encoders: Record<string, (image: Sharp) => Sharp> = {
  'image/jpeg': (image) => image.jpeg({ quality: 90 }),
  'image/png': (image) => image.png(),
  'image/webp': (image) => image.webp({ quality: 90 }),
};

/**
 * Photos from phones carry EXIF, XMP or IPTC: where they were taken (GPS — in this
 * campaign often the home of a person back from prison), when, and with which phone. Loa
 * publishes none of it: an image that has any is written again once, at upload, upright
 * (its orientation applied), in its own format, keeping only its colour profile. Images
 * without such metadata are left byte for byte; GIF has no place for it and is kept.
 * Returns the new size and hash, or null when the file was left as it was.
 */
export async function removePersonalMetadata(
  storage: Storage,
  key: string,
  mimeType: string,
  maxPixels: number,
): Promise<{ bytes: number; sha256: string } | null> {
  const encode = encoders[mimeType];
  if (!encode) return null;
  const cleaned = await storage.withLocalFile(key, async (file) => {
    const meta = await sharp(file, { limitInputPixels: maxPixels }).metadata();
    if (!meta.exif && !meta.xmp && !meta.iptc) return null;
    const image = sharp(file, { limitInputPixels: maxPixels, animated: (meta.pages ?? 1) > 1 }).rotate().keepIccProfile();
    return encode(image).toBuffer();
  });
  if (!cleaned) return null;
  await storage.put(key, Readable.from([cleaned]));
  return { bytes: cleaned.length, sha256: createHash('sha256').update(cleaned).digest('hex') };
}
