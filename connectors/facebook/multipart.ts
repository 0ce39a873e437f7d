import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export interface MultipartFile {
  field: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  open(): Readable;
}

export interface StreamedBody {
  stream: Readable;
  contentType: string;
  /** Exact length, so the request is not chunked. */
  contentLength: number;
}

const quoteSafe = (s: string) => s.replace(/["\r\n\\]/g, '_');

/**
 * A multipart/form-data body that streams the file between its text fields: memory stays at
 * one read buffer whatever the file size. The file is opened only when the body is read.
 */
export function multipartBody(fields: Record<string, string>, file: MultipartFile): StreamedBody {
  const boundary = `----loa${randomBytes(12).toString('hex')}`;
  const head =
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoteSafe(name)}"\r\n\r\n${value}\r\n`)
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="${quoteSafe(file.field)}"; filename="${quoteSafe(file.fileName)}"\r\n` +
    `Content-Type: ${file.mimeType}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(tail, 'utf8');
  async function* parts() {
    yield headBytes;
    const source = file.open();
    try {
      for await (const chunk of source) yield chunk as Buffer;
    } finally {
      source.destroy();
    }
    yield tailBytes;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + file.sizeBytes + tailBytes.length,
  };
}
