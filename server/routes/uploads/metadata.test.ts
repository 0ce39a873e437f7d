import { describe, expect, it } from 'vitest';
import { parseUploadMetadata } from './metadata.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('parseUploadMetadata', () => {
  it('decodes base64 UTF-8 values to NFC and accepts keys without a value', () => {
    const meta = parseUploadMetadata(`filename ${b64('Phóng sự.mp4'.normalize('NFD'))}, unitId ${b64('u-1')},is_confidential`);
    expect(meta.get('filename')).toBe('Phóng sự.mp4'.normalize('NFC'));
    expect(meta.get('unitId')).toBe('u-1');
    expect(meta.get('is_confidential')).toBe('');
  });

  it('refuses malformed pairs, naming the header', () => {
    expect(() => parseUploadMetadata('filename not*base64')).toThrow(expect.objectContaining({ code: 'UPLOAD_METADATA_INVALID', field: 'headers:/upload-metadata' }));
    expect(() => parseUploadMetadata('a b c')).toThrow(expect.objectContaining({ status: 422 }));
  });
});
