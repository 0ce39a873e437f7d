/** A byte range [start, end], both inclusive, within a file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a single-range `Range: bytes=…` header (RFC 9110 §14.2): `a-b`, `a-` or the suffix
 * `-n`, clamped to the file. Returns null when the whole file should be sent (no header,
 * another unit, several ranges or a malformed value such as `5-2`: a server may ignore
 * Range), 'unsatisfiable' for a range that starts past the end (416). The one parser for
 * the media API and the public site.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
