import sharp from 'sharp';
import { describeRefusedType, detectFileType, type FileType } from '../../lib/magic-bytes.ts';
import type { Storage } from '../../lib/storage.ts';
import { removePersonalMetadata } from './strip-metadata.ts';
import { emptyFile, imageTooManyPixels, imageUnreadable, unsupportedFileType } from './errors.ts';

/** The accepted type of a file from its first bytes, or a 415 naming `field`. */
export function requireAcceptedType(head: Buffer, field = '/file'): FileType {
  if (head.length === 0) throw emptyFile(field);
  const type = detectFileType(head);
  if (!type) throw unsupportedFileType(describeRefusedType(head), field);
  return type;
}

/**
 * Width and height of a stored image as displayed (EXIF rotations of 90° swap them).
 * Only the header is read: a pixel bomb is refused before any pixel is decoded.
 */
export async function probeImage(storage: Storage, key: string, maxPixels: number, field = '/file'): Promise<{ width: number; height: number }> {
  return storage.withLocalFile(key, async (file) => {
    const meta = await sharp(file, { limitInputPixels: maxPixels })
      .metadata()
      .catch(async (err: unknown) => {
        // Read the header again without the limit to tell a pixel bomb from a broken file.
        const unlimited = await sharp(file, { limitInputPixels: false })
          .metadata()
          .catch(() => null);
        if (unlimited?.width && unlimited.height && unlimited.width * unlimited.height > maxPixels) {
          throw imageTooManyPixels(unlimited.width, unlimited.height, maxPixels, field);
        }
        throw Object.assign(imageUnreadable(field), { cause: err });
      });
    if (!meta.width || !meta.height) throw imageUnreadable(field);
    const rotated = (meta.orientation ?? 1) >= 5;
    return rotated ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  });
}

/**
 * What every uploaded image goes through, whichever way it came: probed under the pixel
 * limit, then cleared of location and camera data. `cleaned` holds the stored file's new
 * size and hash when it was rewritten (strip-metadata.ts), null when kept as sent.
 */
export async function acceptImage(storage: Storage, key: string, mimeType: string, maxPixels: number) {
  const size = await probeImage(storage, key, maxPixels);
  const cleaned = await removePersonalMetadata(storage, key, mimeType, maxPixels);
  return { ...size, cleaned };
}
