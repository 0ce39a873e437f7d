import { Readable } from 'node:stream';
import sharp from 'sharp';
import { slugify } from '../../lib/text.ts';
import { ConnectorError, type MediaRef } from '../contract.ts';
import { multipartFile, type StreamedBody } from './multipart.ts';

const UPLOADABLE = ['image/jpeg', 'image/png'];
/** Longest side tried first, then smaller until the JPEG fits. */
const SIDES = [1600, 1280, 960, 720, 480];

function fileName(m: MediaRef, ext: string): string {
  return `${slugify(m.fileName.replace(/\.[^.]+$/, ''), 60)}.${ext}`;
}

/** Re-encodes an image as JPEG (rotated upright, at most 1600 px a side), smaller until ≤ maxBytes. */
async function shrink(m: MediaRef, maxBytes: number): Promise<Buffer> {
  for (const side of SIDES) {
    for (const quality of [82, 70]) {
      const out = await m
        .open()
        .pipe(sharp({ failOn: 'error' }).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).jpeg({ quality, mozjpeg: true }))
        .toBuffer();
      if (out.length <= maxBytes) return out;
    }
  }
  throw new ConnectorError({
    kind: 'permanent',
    code: 'ZALO_COVER_TOO_LARGE',
    sideEffectPossible: false,
    message: {
      vi: `Không thu nhỏ được ảnh bìa "${m.fileName}" xuống dưới ${Math.round(maxBytes / 1024)} KB; hãy chọn ảnh khác làm ảnh đầu tiên`,
      en: `Could not shrink the cover "${m.fileName}" under ${Math.round(maxBytes / 1024)} KB; put another image first`,
    },
  });
}

/**
 * The upload body of an article cover (multipart field `file`, JPEG or PNG ≤ maxBytes, the
 * limit of /v2.0/oa/upload/image). A file that already fits is streamed from storage as it
 * is; anything else is re-encoded with sharp, whose output is bounded by `maxBytes`.
 */
export async function coverUpload(m: MediaRef, maxBytes: number): Promise<StreamedBody> {
  if (UPLOADABLE.includes(m.mimeType) && m.sizeBytes <= maxBytes) {
    const ext = m.mimeType === 'image/png' ? 'png' : 'jpg';
    return multipartFile({ field: 'file', fileName: fileName(m, ext), mimeType: m.mimeType, sizeBytes: m.sizeBytes, open: () => m.open() });
  }
  let jpeg: Buffer;
  try {
    jpeg = await shrink(m, maxBytes);
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError({
      kind: 'permanent',
      code: 'ZALO_COVER_UNREADABLE',
      sideEffectPossible: false,
      message: { vi: `Không đọc được ảnh "${m.fileName}" để làm ảnh bìa`, en: `Could not read image "${m.fileName}" for the cover` },
      cause: err,
    });
  }
  return multipartFile({ field: 'file', fileName: fileName(m, 'jpg'), mimeType: 'image/jpeg', sizeBytes: jpeg.length, open: () => Readable.from([jpeg]) });
}
