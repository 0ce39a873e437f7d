import type { IncomingMessage } from 'node:http';

export interface SimFile {
  field: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

export interface SimParams {
  /** Query and body parameters together, as Graph reads them. */
  params: Map<string, string>;
  file: SimFile | null;
}

/** Largest body read into memory (photos ≤ 10 MB, forms); video bytes go through upload sessions. */
const MAX_BUFFERED = 12 * 1024 * 1024;

async function readAll(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BUFFERED) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, boundary: string, into: SimParams): void {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return;
    const next = body.indexOf(delimiter, start);
    if (next < 0) return;
    const part = body.subarray(start + 2, next - 2); // drop CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    const fileName = /filename="([^"]*)"/i.exec(head)?.[1];
    if (name !== undefined && fileName !== undefined) {
      into.file = { field: name, fileName, contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream', data };
    } else if (name !== undefined) {
      into.params.set(name, data.toString('utf8'));
    }
    at = next;
  }
}

/** Reads form, JSON or multipart parameters like Graph does; null when the body is too large. */
export async function readParams(req: IncomingMessage, query: URLSearchParams): Promise<SimParams | null> {
  const out: SimParams = { params: new Map(query), file: null };
  const body = await readAll(req);
  if (body === null) return null;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out.params.set(k, v);
  } else if (type.startsWith('application/json') && body.length > 0) {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(parsed)) out.params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
    if (boundary) parseMultipart(body, boundary, out);
  }
  return out;
}

/** Top-level names of a Graph `fields` list: `a,b.summary(true),c{d,e}` → a, b, c. */
export function fieldNames(fields: string | null | undefined): Set<string> {
  const names = new Set<string>();
  if (!fields) return names;
  let depth = 0;
  let current = '';
  for (const ch of `${fields},`) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      const name = /^[a-z_]+/.exec(current.trim())?.[0];
      if (name) names.add(name);
      current = '';
    } else {
      current += ch;
    }
  }
  return names;
}
