import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export interface StreamedBody {
  stream: Readable;
  contentType: string;
  /** Exact length, so the request is not chunked. */
  contentLength: number;
}

const quoteSafe = (s: string) => s.replace(/["\r\n\\]/g, '_');

/**
 * multipart/form-data with one file part, streamed from `open()` (or sent from bytes already
 * in memory): memory stays at one read buffer whatever the file size.
 */
export function multipartFile(o: { field: string; fileName: string; mimeType: string; sizeBytes: number; open: () => Readable }): StreamedBody {
  const boundary = `----loa${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${quoteSafe(o.field)}"; filename="${quoteSafe(o.fileName)}"\r\n` +
      `Content-Type: ${o.mimeType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* parts() {
    yield head;
    const source = o.open();
    try {
      for await (const chunk of source) yield chunk as Buffer;
    } finally {
      source.destroy();
    }
    yield tail;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + o.sizeBytes + tail.length,
  };
}
