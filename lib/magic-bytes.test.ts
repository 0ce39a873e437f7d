import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeRefusedType, detectFileType } from './magic-bytes.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'isom');
const ebml = (docType: string) => bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length], docType);

describe('detectFileType', () => {
  it.each([
    ['png', 'image/png', 'image'],
    ['jpeg', 'image/jpeg', 'image'],
    ['gif', 'image/gif', 'image'],
    ['webp', 'image/webp', 'image'],
  ] as const)('recognises a %s encoded by sharp', async (format, mimeType, kind) => {
    const file = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).toFormat(format).toBuffer();
    expect(detectFileType(file)).toMatchObject({ mimeType, kind });
  });

  it.each([
    [ftyp('isom'), 'video/mp4'],
    [ftyp('mp42'), 'video/mp4'],
    [ftyp('qt  '), 'video/quicktime'],
    [ftyp('3gp5'), 'video/3gpp'],
    [ebml('webm'), 'video/webm'],
    [ebml('matroska'), 'video/x-matroska'],
    [bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'video/x-msvideo'],
    [bytes('%PDF-1.7\n'), 'application/pdf'],
  ])('recognises %#: %s', (head, mimeType) => {
    expect(detectFileType(head)?.mimeType).toBe(mimeType);
  });

  it.each([
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0])],
    ['an ELF binary', bytes([0x7f], 'ELF')],
    ['a ZIP archive', bytes('PK', [3, 4])],
    ['an HEIC photo (unreadable by sharp here)', ftyp('heic')],
    ['SVG (scriptable)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['HTML', bytes('<!doctype html>')],
    ['a truncated JPEG marker', bytes([0xff, 0xd8])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, head) => {
    expect(detectFileType(head)).toBeNull();
  });

  it('names what a refused file seems to be', () => {
    expect(describeRefusedType(bytes('MZ', [0x90]))).toContain('MZ');
    expect(describeRefusedType(bytes('hello'))).toBeNull();
  });
});
