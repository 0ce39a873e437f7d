/**
 * File types recognised from their first bytes ("magic numbers"). The file name and the
 * client's Content-Type are never consulted: a renamed executable stays an executable.
 */
export type FileKind = 'image' | 'video' | 'document';

export interface FileType {
  mimeType: string;
  kind: FileKind;
  /** Usual extension, without the dot. */
  extension: string;
}

/** How many leading bytes `detectFileType` may look at; it decides on fewer when the file is shorter. */
export const MAGIC_HEAD_BYTES = 256;

const type = (mimeType: string, kind: FileKind, extension: string): FileType => ({ mimeType, kind, extension });

const ascii = (head: Uint8Array, offset: number, text: string): boolean =>
  head.length >= offset + text.length && [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));

const bytes = (head: Uint8Array, offset: number, expected: readonly number[]): boolean =>
  head.length >= offset + expected.length && expected.every((b, i) => head[offset + i] === b);

/**
 * ISO base media brands (bytes 8–11 after `ftyp`). Still-image brands (HEIC/AVIF) are left
 * out on purpose: they share the container but are not videos, and sharp's prebuilt
 * libvips cannot read HEIC, so such files are refused instead of being stored unusable.
 */
function isoMediaType(brand: string): FileType | null {
  if (brand === 'qt  ') return type('video/quicktime', 'video', 'mov');
  if (/^3g2/.test(brand)) return type('video/3gpp2', 'video', '3g2');
  if (/^3gp/.test(brand)) return type('video/3gpp', 'video', '3gp');
  if (/^(isom|iso[2-9]|mp4[12v]|avc1|M4V |M4VH|M4VP|dash|msnv|f4v |MSNV|XAVC|mmp4)$/.test(brand)) return type('video/mp4', 'video', 'mp4');
  return null;
}

/** Identifies an accepted image, video or PDF from its first bytes; null = not accepted. */
export function detectFileType(head: Uint8Array): FileType | null {
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return type('image/jpeg', 'image', 'jpg');
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return type('image/png', 'image', 'png');
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return type('image/gif', 'image', 'gif');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return type('image/webp', 'image', 'webp');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return type('video/x-msvideo', 'video', 'avi');
  if (ascii(head, 4, 'ftyp') && head.length >= 12) {
    return isoMediaType(String.fromCharCode(...head.subarray(8, 12)));
  }
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML header: the DocType element (0x4282) tells WebM from Matroska.
    const headerText = String.fromCharCode(...head.subarray(0, Math.min(head.length, 64)));
    return headerText.includes('\x42\x82\x84webm') ? type('video/webm', 'video', 'webm') : type('video/x-matroska', 'video', 'mkv');
  }
  if (ascii(head, 0, '%PDF-')) return type('application/pdf', 'document', 'pdf');
  return null;
}

/** A name for what a refused file seems to be, for the error message; null when unknown. */
export function describeRefusedType(head: Uint8Array): string | null {
  if (ascii(head, 0, 'MZ')) return 'Windows executable (MZ)';
  if (bytes(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return 'ELF executable';
  if (bytes(head, 0, [0x50, 0x4b, 0x03, 0x04])) return 'ZIP archive';
  if (ascii(head, 4, 'ftyp')) return `ISO media (${String.fromCharCode(...head.subarray(8, 12)).trim()})`;
  if (ascii(head, 0, '<?xml') || ascii(head, 0, '<svg')) return 'XML/SVG';
  return null;
}
