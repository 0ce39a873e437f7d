import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createLogger } from '../../lib/logger.ts';
import { ConnectorError, Deferral, type DeliveryRef, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import type { YoutubeSimulator } from './simulator.ts';

/** Shared fixtures of the YouTube connector tests (not used by production code). */
export const MIB = 1024 * 1024;

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

/** A post as templates/ render it for YouTube: the description ends with the item's link carrying the marker. */
export function makePost(media: MediaRef[], over: Partial<RenderedPost> = {}): RenderedPost {
  const deliveryId = over.deliveryId ?? randomUUID();
  const link = `https://conduonghuongthien.vn/bai-viet/hanh-trinh-hoan-luong?ref=loa:${deliveryId}`;
  return {
    deliveryId,
    itemId: randomUUID(),
    revisionId: randomUUID(),
    marker: `loa:${deliveryId}`,
    title: 'Phóng sự: Hành trình hoàn lương của anh N.',
    text: `Anh N. đã có việc làm ổn định sau khi chấp hành xong án phạt tù.\n\nXem chi tiết: ${link}\n\n#ConDuongHuongThien #TaiHoaNhap`,
    body: 'Anh N. đã có việc làm ổn định.',
    summary: 'Câu chuyện tái hòa nhập cộng đồng',
    link,
    hashtags: ['#ConDuongHuongThien', '#TaiHoaNhap'],
    theme: 'testimony',
    slug: 'hanh-trinh-hoan-luong',
    unit: { id: randomUUID(), name: 'Công an tỉnh Bình Định' },
    publishAt: new Date(),
    media,
    ...over,
  };
}

export interface CtxOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown> | null;
  progress?: Record<string, unknown>;
  allowPrivateNetwork?: boolean;
  now?: () => Date;
}

export function makeCtx(sim: YoutubeSimulator, log: PublishContext['log'], o: CtxOptions = {}) {
  const saved: Record<string, unknown>[] = [];
  const progress: Record<string, unknown> = o.progress ?? {};
  const ctx: PublishContext = {
    channel: {
      id: randomUUID(),
      name: 'YouTube Con đường hướng thiện',
      platform: 'youtube_channel',
      unitId: randomUUID(),
      settings: { apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, ...o.settings },
      allowPrivateNetwork: o.allowPrivateNetwork ?? true,
    },
    credentials:
      o.credentials === undefined ? { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, refreshToken: sim.oauth.refreshToken } : o.credentials,
    progress,
    async saveProgress(patch) {
      saved.push(structuredClone(patch));
      Object.assign(progress, patch);
    },
    http: createHttpClient({ allowPrivateNetwork: o.allowPrivateNetwork ?? true }),
    log,
    signal: new AbortController().signal,
    now: o.now ?? (() => new Date()),
  };
  return { ctx, saved, progress };
}

export function refOf(post: RenderedPost, progress: Record<string, unknown> = {}, attemptStartedAt = new Date(Date.now() - 60_000)): DeliveryRef {
  return { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt, progress, post };
}

async function settle(p: Promise<unknown>): Promise<unknown> {
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/**
 * The ConnectorError a promise rejects with; anything else fails the test. With `log`, the
 * error is logged whole as the worker would, so log-leak checks see every error path.
 */
export async function rejection(p: Promise<unknown>, log?: PublishContext['log']): Promise<ConnectorError> {
  const error = await settle(p);
  if (!(error instanceof ConnectorError)) throw error;
  log?.error({ err: error, code: error.code, messages: error.messages, excerpt: error.excerpt }, 'connector error');
  return error;
}

/** The Deferral a promise rejects with; anything else fails the test. */
export async function deferral(p: Promise<unknown>): Promise<Deferral> {
  const error = await settle(p);
  if (!(error instanceof Deferral)) throw error;
  return error;
}

export function countRequests(sim: YoutubeSimulator, method: string, route: string, uploadType?: string): number {
  return sim.state.requests.filter((r) => r.method === method && r.route === route && (uploadType === undefined || r.uploadType === uploadType)).length;
}
