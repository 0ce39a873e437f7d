import { randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Clock } from '../../lib/clock.ts';
import { ConnectorError, Deferral, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createTestContext, rejectionOf, samplePost } from '../test-kit.ts';
import type { BroadcastLedger } from './rules.ts';
import type { ZaloSimulator } from './simulator.ts';

/** Shared fixtures of the Zalo connector tests (not used by production code). */
export { createLogCapture } from '../test-kit.ts';

/** A clock tests move by hand. */
export function manualClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d) => {
      now = d.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** An instant at `hh:mm` Vietnam time (UTC+7) on the given UTC calendar day. */
export function vnTime(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+07:00`);
}

export function fileImage(path: string, mimeType: string, fileName = path.split('/').pop()!): MediaRef {
  return {
    id: randomUUID(),
    kind: 'image',
    mimeType,
    fileName,
    sizeBytes: statSync(path).size,
    open: (range) => createReadStream(path, range ? { start: range.start, end: range.end } : {}),
  };
}

export function makePost(over: Partial<RenderedPost> = {}): RenderedPost {
  return samplePost({
    title: 'Hành trình hoàn lương của anh N. ở Sơn La',
    body: 'Anh N. đã có việc làm ổn định sau khi chấp hành xong án phạt tù.\n\nXã giúp anh vay vốn theo Quyết định 22/2023/QĐ-TTg.',
    summary: 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La',
    hashtags: ['#ConDuongHuongThien'],
    unit: { id: randomUUID(), name: 'Công an tỉnh Sơn La' },
    ...over,
  });
}

/** Per-channel broadcast counts in memory (the worker keeps them in Postgres). */
export function memoryLedger(): BroadcastLedger & { sent: { channelId: string; deliveryId: string; at: Date }[] } {
  const sent: { channelId: string; deliveryId: string; at: Date }[] = [];
  return {
    sent,
    async reserve(i) {
      const others = sent.filter((s) => s.channelId === i.channelId && s.deliveryId !== i.deliveryId);
      const today = others.filter((s) => s.at.getTime() >= i.dayStart.getTime()).length;
      const thisMonth = others.filter((s) => s.at.getTime() >= i.monthStart.getTime()).length;
      if (today >= i.perDay || thisMonth >= i.perMonth) return { ok: false, today, thisMonth };
      const mine = sent.find((s) => s.deliveryId === i.deliveryId);
      if (mine) mine.at = i.at;
      else sent.push({ channelId: i.channelId, deliveryId: i.deliveryId, at: i.at });
      return { ok: true };
    },
    async release(i) {
      const at = sent.findIndex((s) => s.channelId === i.channelId && s.deliveryId === i.deliveryId);
      if (at >= 0) sent.splice(at, 1);
    },
  };
}

export interface CtxOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown> | null;
  progress?: Record<string, unknown>;
  clock: Clock;
  channelId?: string;
  timeoutMs?: number;
}

/** A publish context against the simulator; `progress` keeps what the connector saved. */
export function makeCtx(sim: ZaloSimulator, log: PublishContext['log'], o: CtxOptions) {
  return createTestContext({
    channel: {
      id: o.channelId,
      name: 'Zalo OA Con đường hướng thiện',
      platform: 'zalo_oa',
      settings: { oauthBaseUrl: sim.baseUrl, openApiBaseUrl: sim.baseUrl, moderationDelayMinutes: 5, ...o.settings },
    },
    credentials: o.credentials === undefined ? simCredentials(sim) : o.credentials,
    log,
    progress: o.progress,
    timeoutMs: o.timeoutMs,
    now: () => o.clock.now(),
  });
}

/** Credentials of a channel connected to the simulator a moment ago (tokens minted now, no issue time). */
export function simCredentials(sim: ZaloSimulator): Record<string, string> {
  const t = sim.mintTokens();
  return { appId: sim.state.appId, appSecret: sim.state.appSecret, accessToken: t.accessToken, refreshToken: t.refreshToken, accessTokenExpiresAt: t.expiresAt.toISOString() };
}

/** What a promise rejects with (a ConnectorError or a Deferral); anything else fails the test. */
export async function rejection(p: Promise<unknown>): Promise<ConnectorError | Deferral> {
  const error = await rejectionOf(p);
  if (!(error instanceof ConnectorError) && !(error instanceof Deferral)) throw error;
  return error;
}
