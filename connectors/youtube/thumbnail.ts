import sharp, { type OutputInfo } from 'sharp';
import { ConnectorError, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import type { YoutubeClient } from './client.ts';
import { answerError, type Action } from './errors.ts';
import type { YoutubeSettings } from './settings.ts';

/** Progress key of the thumbnail step. */
export const THUMBNAIL_SET_KEY = 'thumbnailSet';

export const THUMBNAIL_WIDTH = 1280;
export const THUMBNAIL_HEIGHT = 720;
/** JPEG qualities tried in turn until the file fits YouTube's size limit. */
const QUALITIES = [85, 75, 65, 55, 45, 35];
/** Source images larger than this are refused rather than read into memory. */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

const SET: Action = { vi: 'đặt ảnh thu nhỏ cho video', en: 'setting the video thumbnail' };

function thumbnailProblem(code: string, vi: string, en: string, cause?: unknown): ConnectorError {
  return new ConnectorError({ kind: 'permanent', code, sideEffectPossible: false, message: { vi, en }, cause });
}

/** The image the thumbnail is made from, or null when the channel skips thumbnails or the post has none. */
export function thumbnailSource(post: RenderedPost, settings: YoutubeSettings): MediaRef | null {
  if (settings.thumbnail === 'none') return null;
  return post.media.find((m) => m.kind === 'image') ?? null;
}

async function readAll(image: MediaRef): Promise<Buffer> {
  if (image.sizeBytes > MAX_SOURCE_BYTES) {
    throw thumbnailProblem('YT_THUMBNAIL_SOURCE_TOO_LARGE', 'Ảnh dùng làm ảnh thu nhỏ quá lớn (tối đa 64 MB)', 'The thumbnail source image is too large (64 MB at most)');
  }
  const parts: Buffer[] = [];
  try {
    for await (const chunk of image.open()) parts.push(chunk as Buffer);
  } catch (cause) {
    throw new ConnectorError({
      kind: 'transient',
      code: 'MEDIA_READ_FAILED',
      sideEffectPossible: false,
      message: { vi: 'Không đọc được ảnh từ kho lưu trữ của Loa', en: "Could not read the image from Loa's storage" },
      cause,
    });
  }
  return Buffer.concat(parts);
}

/**
 * The image as a 1280×720 JPEG (cropped to 16:9 around its most interesting part) no larger
 * than `maxBytes`, lowering the quality until it fits. Thumbnail sources are photos, read
 * whole; videos never pass through here.
 */
export async function thumbnailJpeg(image: MediaRef, maxBytes: number): Promise<Buffer<ArrayBuffer>> {
  const source = await readAll(image);
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await sharp(source)
      .rotate()
      .resize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT, { fit: 'cover', position: sharp.strategy.attention })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw thumbnailProblem('YT_THUMBNAIL_UNREADABLE', 'Không đọc được ảnh để làm ảnh thu nhỏ (tệp hỏng hoặc không phải ảnh)', 'The image for the thumbnail cannot be read (damaged or not an image)', cause);
  }
  const raw = { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels };
  for (const quality of QUALITIES) {
    const jpeg = await sharp(pixels.data, { raw }).jpeg({ quality, mozjpeg: true }).toBuffer();
    if (jpeg.length <= maxBytes) return jpeg;
  }
  throw thumbnailProblem(
    'YT_THUMBNAIL_TOO_LARGE',
    `Ảnh thu nhỏ vẫn lớn hơn ${Math.round(maxBytes / 1024)} KB dù đã giảm chất lượng; hãy chọn ảnh khác`,
    `The thumbnail stays above ${Math.round(maxBytes / 1024)} KB even at low quality; choose another image`,
  );
}

/** thumbnails.set: the JPEG bytes as the body. Setting a thumbnail twice is harmless, so nothing here is a side-effect doubt. */
export async function setThumbnail(videoId: string, jpeg: Buffer<ArrayBuffer>, ctx: PublishContext, client: YoutubeClient): Promise<void> {
  const res = await client.raw({
    method: 'POST',
    url: `${client.uploadBase}/thumbnails/set?videoId=${encodeURIComponent(videoId)}`,
    headers: { 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) },
    body: jpeg,
    action: SET,
    creating: false,
  });
  const text = await res.text().catch(() => '');
  if (!res.ok) throw answerError(res.status, text, res.headers, { action: SET, creating: false, now: ctx.now(), log: ctx.log });
}
