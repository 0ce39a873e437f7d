import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where media bytes live. The local folder is the default; the interface is what an
 * S3-compatible backend implements (ranged GET, multipart PUT) once workers span machines.
 * Callers stream: no method hands back a whole file in memory.
 */
export interface Storage {
  /** Writes the stream to `key`, replacing it; resolves with the bytes written. */
  put(key: string, body: Readable): Promise<number>;
  /** Appends to `key` (resumable uploads); creates it when missing. */
  append(key: string, body: Readable): Promise<number>;
  /** Reads `key`, optionally a byte range [start, end] inclusive. */
  read(key: string, range?: { start: number; end?: number }): Readable;
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
}

export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return p;
  }

  async put(key: string, body: Readable): Promise<number> {
    return this.write(key, body, 'w');
  }

  async append(key: string, body: Readable): Promise<number> {
    return this.write(key, body, 'a');
  }

  private async write(key: string, body: Readable, flags: 'w' | 'a'): Promise<number> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    let bytes = 0;
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(body, createWriteStream(file, { flags }));
    return bytes;
  }

  read(key: string, range?: { start: number; end?: number }): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.stat(this.pathOf(key))).size;
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}
