import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStorage } from './storage.ts';

const text = async (r: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

/** A stream that yields `first`, then fails as a dropped connection does. */
function dropsAfter(first: string): Readable {
  const s = new PassThrough();
  s.write(first);
  setTimeout(() => s.destroy(new Error('aborted')), 50);
  return s;
}

describe('LocalStorage', () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-storage-'));
    storage = new LocalStorage(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes, reads whole and ranged, sizes, moves and deletes', async () => {
    expect(await storage.put('a/b/file', Readable.from(['0123', '456789']))).toBe(10);
    expect(await text(storage.read('a/b/file'))).toBe('0123456789');
    expect(await text(storage.read('a/b/file', { start: 2, end: 4 }))).toBe('234');
    expect(await text(storage.read('a/b/file', { start: 7 }))).toBe('789');
    expect(await storage.size('a/b/file')).toBe(10);
    await storage.move('a/b/file', 'c/moved');
    expect(await storage.size('a/b/file')).toBeNull();
    expect(await storage.withLocalFile('c/moved', async (p) => fs.readFileSync(p, 'utf8'))).toBe('0123456789');
    await storage.delete('c/moved');
    await storage.delete('c/moved');
    expect(await storage.size('c/moved')).toBeNull();
  });

  it('leaves nothing at the key when a put fails midway', async () => {
    await expect(storage.put('tmp/x', dropsAfter('partial'))).rejects.toThrow('aborted');
    expect(await storage.size('tmp/x')).toBeNull();
  });

  it('keeps the bytes that arrived when an append fails midway, so an upload can resume', async () => {
    await storage.append('up/x', Readable.from(['head-']));
    await expect(storage.append('up/x', dropsAfter('middle-'))).rejects.toThrow('aborted');
    expect(await storage.size('up/x')).toBe('head-middle-'.length);
    await storage.append('up/x', Readable.from(['tail']));
    expect(await text(storage.read('up/x'))).toBe('head-middle-tail');
  });

  it('refuses keys that escape the root', async () => {
    await expect(storage.put('../outside', Readable.from(['x']))).rejects.toThrow('escapes');
    expect(() => storage.read('a/../../etc/passwd')).toThrow('escapes');
  });
});
