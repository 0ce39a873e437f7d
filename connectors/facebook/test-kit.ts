import { ConnectorError, type DeliveryRef, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createTestContext, rejectionOf, samplePost } from '../test-kit.ts';
import type { GraphSimulator } from './simulator.ts';

/** Shared fixtures of the Facebook connector tests (not used by production code). */
export { createLogCapture, fileMedia } from '../test-kit.ts';

export function makePost(over: Partial<RenderedPost> = {}): RenderedPost {
  return samplePost({
    text: ({ deliveryId }) => `Anh N. đã có việc làm ổn định sau khi chấp hành xong án phạt tù (${deliveryId.slice(0, 8)}).\n\n#ConDuongHuongThien #TaiHoaNhap`,
    ...over,
  });
}

/** A post with media: the link goes into the text's last line (templates/text/placement.ts). */
export function withMedia(media: MediaRef[], over: Partial<RenderedPost> = {}): RenderedPost {
  const base = makePost(over);
  return { ...base, media, text: `${base.text}\n\nXem chi tiết: ${base.link}` };
}

export interface CtxOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown> | null;
  timeoutMs?: number;
  progress?: Record<string, unknown>;
  /** The channel's stored `credentialsExpiresAt` (a Page's: its user token's). */
  credentialsExpiresAt?: Date | null;
}

export function makeCtx(sim: GraphSimulator, log: PublishContext['log'], o: CtxOptions = {}) {
  return createTestContext({
    channel: { name: 'Fanpage Con đường hướng thiện', platform: 'facebook_page',
      settings: { pageId: sim.state.pageId, appId: sim.state.appId, graphBaseUrl: sim.baseUrl, ...o.settings },
      credentialsExpiresAt: o.credentialsExpiresAt ?? null,
    },
    credentials: o.credentials === undefined ? { pageAccessToken: sim.tokens.page } : o.credentials,
    log,
    progress: o.progress,
    timeoutMs: o.timeoutMs,
  });
}

export function refOf(post: RenderedPost, attemptStartedAt = new Date(Date.now() - 60_000), progress: Record<string, unknown> = {}): DeliveryRef {
  return { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt, attemptEndedAt: attemptStartedAt, progress, post };
}

/** The ConnectorError a promise rejects with; anything else fails the test. */
export async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const error = await rejectionOf(p);
  if (!(error instanceof ConnectorError)) throw error;
  return error;
}

export function countRequests(sim: GraphSimulator, method: string, route: string | RegExp): number {
  return sim.state.requests.filter((r) => r.method === method && (typeof route === 'string' ? r.route === route : route.test(r.route))).length;
}
