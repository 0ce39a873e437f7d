import { ConnectorError, Deferral, type DeliveryRef, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createTestContext, rejectionOf, samplePost } from '../test-kit.ts';
import type { YoutubeSimulator } from './simulator.ts';

/** Shared fixtures of the YouTube connector tests (not used by production code). */
export { createLogCapture, fileMedia, MIB, randomFile } from '../test-kit.ts';

/** A post as templates/ render it for YouTube: the description ends with the item's link carrying the marker. */
export function makePost(media: MediaRef[], over: Partial<RenderedPost> = {}): RenderedPost {
  return samplePost({
    title: 'Phóng sự: Hành trình hoàn lương của anh N.',
    text: ({ link }) => `Anh N. đã có việc làm ổn định sau khi chấp hành xong án phạt tù.\n\nXem chi tiết: ${link}\n\n#ConDuongHuongThien #TaiHoaNhap`,
    media,
    ...over,
  });
}

export interface CtxOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown> | null;
  progress?: Record<string, unknown>;
  allowPrivateNetwork?: boolean;
  now?: () => Date;
}

export function makeCtx(sim: YoutubeSimulator, log: PublishContext['log'], o: CtxOptions = {}) {
  return createTestContext({
    channel: {
      name: 'YouTube Con đường hướng thiện',
      platform: 'youtube_channel',
      settings: { apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl, ...o.settings },
      allowPrivateNetwork: o.allowPrivateNetwork,
    },
    credentials:
      o.credentials === undefined ? { clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, refreshToken: sim.oauth.refreshToken } : o.credentials,
    log,
    progress: o.progress,
    now: o.now,
  });
}

export function refOf(post: RenderedPost, progress: Record<string, unknown> = {}, attemptStartedAt = new Date(Date.now() - 60_000)): DeliveryRef {
  return { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt, attemptEndedAt: attemptStartedAt, progress, post };
}

/**
 * The ConnectorError a promise rejects with; anything else fails the test. With `log`, the
 * error is logged whole as the worker would, so log-leak checks see every error path.
 */
export async function rejection(p: Promise<unknown>, log?: PublishContext['log']): Promise<ConnectorError> {
  const error = await rejectionOf(p);
  if (!(error instanceof ConnectorError)) throw error;
  log?.error({ err: error, code: error.code, messages: error.messages, excerpt: error.excerpt }, 'connector error');
  return error;
}

/** The Deferral a promise rejects with; anything else fails the test. */
export async function deferral(p: Promise<unknown>): Promise<Deferral> {
  const error = await rejectionOf(p);
  if (!(error instanceof Deferral)) throw error;
  return error;
}

export function countRequests(sim: YoutubeSimulator, method: string, route: string, uploadType?: string): number {
  return sim.state.requests.filter((r) => r.method === method && r.route === route && (uploadType === undefined || r.uploadType === uploadType)).length;
}
