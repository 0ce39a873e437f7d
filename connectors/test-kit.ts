import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createLogger } from '../lib/logger.ts';
import type { ChannelInfo, MediaRef, PublishContext, RenderedPost } from './contract.ts';
import { createHttpClient } from './http.ts';

/** Fixtures shared by the connector tests (not used by production code). */
export const MIB = 1024 * 1024;

/** A debug logger whose lines the test reads (e.g. to check no secret leaks into logs). */
export function createLogCapture() {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { lines, log };
}

/** Random bytes streamed to disk one MiB at a time (never the whole file in memory). */
export async function randomFile(file: string, size: number): Promise<{ path: string; sha: string; size: number }> {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  for (let written = 0; written < size; ) {
    const chunk = randomBytes(Math.min(MIB, size - written));
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path: file, sha: hash.digest('hex'), size };
}

/** A medium read from a file on disk; `opened` counts how often the connector opened it. */
export function fileMedia(path: string, o: { kind: MediaRef['kind']; mimeType: string; sizeBytes: number; fileName?: string; opened?: { count: number } }): MediaRef {
  return {
    id: randomUUID(),
    kind: o.kind,
    mimeType: o.mimeType,
    fileName: o.fileName ?? path.split('/').pop()!,
    sizeBytes: o.sizeBytes,
    open(range) {
      if (o.opened) o.opened.count++;
      return createReadStream(path, range ? { start: range.start, end: range.end } : {});
    },
  };
}

export interface TestContextOptions {
  channel: Pick<ChannelInfo, 'name' | 'platform' | 'settings'> & Partial<Pick<ChannelInfo, 'id' | 'allowPrivateNetwork' | 'credentialsExpiresAt'>>;
  credentials: Record<string, unknown> | null;
  log: PublishContext['log'];
  progress?: Record<string, unknown>;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * A publish context as the worker builds it, reaching the simulator over real HTTP on
 * 127.0.0.1; `progress` keeps what the connector saved and `saved` every patch in order.
 */
export function createTestContext(o: TestContextOptions) {
  const saved: Record<string, unknown>[] = [];
  const progress: Record<string, unknown> = o.progress ?? {};
  const allowPrivateNetwork = o.channel.allowPrivateNetwork ?? true;
  const ctx: PublishContext = {
    channel: { id: o.channel.id ?? randomUUID(), name: o.channel.name, platform: o.channel.platform, unitId: randomUUID(), settings: o.channel.settings, allowPrivateNetwork, credentialsExpiresAt: o.channel.credentialsExpiresAt ?? null },
    credentials: o.credentials,
    progress,
    async saveProgress(patch) {
      saved.push(structuredClone(patch));
      Object.assign(progress, patch);
    },
    http: createHttpClient({ allowPrivateNetwork, timeoutMs: o.timeoutMs }),
    log: o.log,
    signal: new AbortController().signal,
    now: o.now ?? (() => new Date()),
  };
  return { ctx, saved, progress };
}

/** What a promise rejects with; resolving fails the test. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/**
 * A post as templates/ render it: a testimony whose link carries the marker `loa:<deliveryId>`.
 * `text` may be a function of the link and delivery id, for connectors whose text holds them.
 */
export function samplePost(
  over: Partial<Omit<RenderedPost, 'text'>> & { text?: string | ((o: { link: string | null; deliveryId: string }) => string) } = {},
): RenderedPost {
  const deliveryId = over.deliveryId ?? randomUUID();
  const link = over.link === undefined ? `https://conduonghuongthien.vn/bai-viet/hanh-trinh-hoan-luong?ref=loa:${deliveryId}` : over.link;
  const { text = ({ link }) => `Anh N. đã có việc làm ổn định sau khi chấp hành xong án phạt tù.\n\nXem chi tiết: ${link}`, ...rest } = over;
  return {
    itemId: randomUUID(),
    revisionId: randomUUID(),
    marker: `loa:${deliveryId}`,
    title: 'Hành trình hoàn lương của anh N.',
    body: 'Anh N. đã có việc làm ổn định.',
    summary: 'Câu chuyện tái hòa nhập cộng đồng',
    hashtags: ['#ConDuongHuongThien', '#TaiHoaNhap'],
    theme: 'testimony',
    slug: 'hanh-trinh-hoan-luong',
    linkLive: true,
    categories: [],
    unit: { id: randomUUID(), name: 'Công an tỉnh Bình Định' },
    publishAt: new Date(),
    media: [],
    ...rest,
    deliveryId,
    link,
    text: typeof text === 'string' ? text : text({ link, deliveryId }),
  };
}
