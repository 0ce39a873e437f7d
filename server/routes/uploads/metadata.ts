import { invalid } from '../../../lib/errors.ts';
import { nfc } from '../../../lib/text.ts';

/**
 * Parses a tus `Upload-Metadata` header: comma-separated `key base64value` pairs (the value
 * may be absent). Values are decoded as UTF-8 and NFC-normalised.
 */
export function parseUploadMetadata(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(/\s+/);
    if (!key || extra !== undefined || (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      throw invalid('UPLOAD_METADATA_INVALID', 'headers:/upload-metadata', {
        vi: 'Upload-Metadata sai định dạng (cần "khoá giá-trị-base64" cách nhau bởi dấu phẩy)',
        en: 'Malformed Upload-Metadata (expected comma-separated "key base64value" pairs)',
      });
    }
    out.set(key, value === undefined ? '' : nfc(Buffer.from(value, 'base64').toString('utf8')));
  }
  return out;
}
