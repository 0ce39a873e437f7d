import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where media bytes live. The local folder is the default; the interface is what an
 * S3-compatible backend implements (ranged GET, multipart PUT, copy + delete) once workers
 * span machines. Callers stream: no method hands back a whole file in memory.
 */
export interface Storage {
  /**
   * Writes the stream to `key`, replacing it; resolves with the bytes written. All or
   * nothing: when the stream fails, nothing is left at `key`.
   */
  put(key: string, body: Readable): Promise<number>;
  /**
   * Appends to `key` (resumable uploads), creating it when missing; resolves with the bytes
   * appended. When the stream fails midway the bytes that arrived stay: `size` then tells
   * where to resume.
   */
  append(key: string, body: Readable): Promise<number>;
  /** Reads `key`, optionally a byte range [start, end] inclusive. */
  read(key: string, range?: { start: number; end?: number }): Readable;
  /** Size in bytes, or null when `key` does not exist. */
  size(key: string): Promise<number | null>;
  /** Renames `from` to `to`, replacing `to`. */
  move(from: string, to: string): Promise<void>;
  /** Deletes `key`; no error when it does not exist. */
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` with a path on this machine holding the bytes of `key`, for tools that read
   * files (sharp). Local storage passes its own file; a remote backend downloads a temporary
   * copy and removes it afterwards. `fn` must not modify the file.
   */
  withLocalFile<T>(key: string, fn: (filePath: string) => Promise<T>): Promise<T>;
}

export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return p;
  }

  async put(key: string, body: Readable): Promise<number> {
    try {
      return await this.write(key, body, 'w');
    } catch (err) {
      await this.delete(key);
      throw err;
    }
  }

  async append(key: string, body: Readable): Promise<number> {
    return this.write(key, body, 'a');
  }

  private async write(key: string, body: Readable, flags: 'w' | 'a'): Promise<number> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(body, count, createWriteStream(file, { flags }));
    return bytes;
  }

  read(key: string, range?: { start: number; end?: number }): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.stat(this.pathOf(key))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.pathOf(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(this.pathOf(from), target);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async withLocalFile<T>(key: string, fn: (filePath: string) => Promise<T>): Promise<T> {
    return fn(this.pathOf(key));
  }
}
