import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAGIC_HEAD_BYTES } from '../../lib/magic-bytes.ts';
import { uploadStalled } from './errors.ts';

export interface MeterOptions {
  /** More bytes than this fail the stream with `tooLarge()` before they are passed on. */
  maxBytes: number;
  tooLarge: () => Error;
  /** Compute sha256 on the way through. (Default: false) */
  hash?: boolean;
  /** No byte for this long fails the stream with UPLOAD_STALLED, releasing a half-open connection. */
  idleTimeoutMs: number;
}

/**
 * A pass-through that counts, limits, optionally hashes and keeps the first bytes of an
 * upload for type detection, so one pass over the network stream does all of it.
 */
export class UploadMeter extends Transform {
  bytes = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private readonly hasher;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: MeterOptions) {
    super();
    this.hasher = options.hash ? createHash('sha256') : null;
    this.armTimer();
  }

  private armTimer() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.destroy(uploadStalled()), this.options.idleTimeoutMs).unref();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.armTimer();
    if (this.bytes + chunk.length > this.options.maxBytes) {
      cb(this.options.tooLarge());
      return;
    }
    this.bytes += chunk.length;
    if (this.headLength < MAGIC_HEAD_BYTES) {
      const part = chunk.subarray(0, MAGIC_HEAD_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    this.hasher?.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback) {
    clearTimeout(this.timer);
    cb();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void) {
    clearTimeout(this.timer);
    cb(err);
  }

  /** The first MAGIC_HEAD_BYTES bytes (fewer if the upload was shorter). */
  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** Hex sha256 of everything that passed; only once the stream has ended. */
  sha256(): string {
    if (!this.hasher) throw new Error('UploadMeter created without hash: true');
    return this.hasher.digest('hex');
  }
}

/**
 * Pipes `source` into `meter` and returns the meter as the stream to store. An error on
 * either side destroys both, so a dropped client fails the store and a failed store stops
 * reading the client.
 */
export function meterStream(source: Readable, meter: UploadMeter): Readable {
  pipeline(source, meter).catch(() => {
    // The store's own pipeline over `meter` reports the same failure.
  });
  return meter;
}

/** Hex sha256 of a stream, read once to the end. */
export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Collects a short stream (a file's first bytes) into one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
