import { deferralReason, GO_ON } from '../deferral-reason.ts';
import {
  absent,
  type Capabilities,
  type CheckContext,
  type Connector,
  ConnectorError,
  Deferral,
  type DeliveryRef,
  type ExternalRef,
  type Problem,
  type PublishContext,
  type Published,
  type ReconcileResult,
  type RenderedPost,
} from '../contract.ts';
import { classifyWebhookResponse } from './classify-error.ts';
import { MAX_PAYLOAD_BYTES, publishedEvent, publishedMessageId, unpublishedEvent, unpublishedMessageId, updatedEvent, updatedMessageId, type WebhookEvent } from './payload.ts';
import { checkSendWindow } from './send-window.ts';
import { webhookHeaders } from './sign.ts';
import { createThrottlePace } from '../throttle-pace.ts';

export interface WebhookConnectorDeps {
  /** Public URL of a media file, so the portal can fetch it; null leaves it out. */
  mediaUrl?: (mediaId: string) => string | null;
  /** Per-request timeout; Standard Webhooks suggests 15–30 s. (Default: 20 s) */
  timeoutMs?: number;
}

export const webhookCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: 20,
  video: true,
  nativeScheduling: false,
  metrics: [],
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Gửi sự kiện post.updated (có chữ ký) để cổng nhận sửa bài đã nhận; không tạo bài mới',
    en: 'A signed post.updated event asks the portal to edit the post it holds; no new post',
  },
};
/**
 * Standard Webhooks: 429, 502 and 504 mean "throttle", honouring Retry-After (platform-apis.md
 * §5); without one the channel waits 30 s. Takedowns are not held.
 */
const PORTAL_THROTTLE = {
  statuses: new Set([429, 502, 504]),
  withoutRetryAfterMs: 30_000,
  deferral: (until: Date) =>
    new Deferral(
      until,
      deferralReason({ vi: 'Cổng nhận bài yêu cầu gửi chậm lại', en: 'The receiving portal asked Loa to slow down' }, until, GO_ON),
      'WEBHOOK_THROTTLED',
    ),
};
/** A portal may still be storing a post after our request timed out (its own queue, a slow database). */
const SETTLE_MS = 2 * 60_000;
const MAX_EXCERPT_BYTES = 500;
const MAX_ACK_BYTES = 16_384;

/**
 * Pushes each publication to an agency portal as a signed Standard Webhooks event.
 * Settings: `url` (required), `lookupUrl` (optional, see `reconcile`), `sendWindow`
 * (optional, see send-window.ts); credentials: `secret` (`whsec_…`).
 *
 * Idempotency rests on the webhook-id: `msg_<deliveryId>` on every try, which a Standard
 * Webhooks consumer must dedupe on. So a network failure or a 5xx after sending is NOT
 * side-effect-possible here: resending the same message cannot make a second post.
 *
 * No last-net scan (`findCopies`): Standard Webhooks defines no listing, and the optional
 * `lookupUrl` answers one object per marker, so Loa could not see a second copy. Nor is one
 * needed: every send of a delivery carries the same webhook-id, so a second post on the
 * portal is its consumer not deduping — its own bug, which no scan from Loa could undo.
 */
export function createWebhookConnector(deps: WebhookConnectorDeps = {}): Connector {
  const mediaUrl = deps.mediaUrl ?? (() => null);
  const timeoutMs = deps.timeoutMs ?? 20_000;
  const pace = createThrottlePace(PORTAL_THROTTLE);
  /** Every answer tells the pace whether the portal asked to throttle (throttle-pace.ts). */
  const observed = <C extends CheckContext>(ctx: C): C => pace.observed(ctx, ctx.channel.id);
  /** The same, for sends that may wait: while the portal throttles the channel they are deferred before any call. */
  const paced = <C extends CheckContext>(ctx: C): C => pace.paced(ctx, ctx.channel.id);

  async function send(ctx: PublishContext, url: string, id: string, event: WebhookEvent): Promise<Record<string, unknown>> {
    const body = JSON.stringify(event);
    const headers = { 'content-type': 'application/json', ...webhookHeaders(secretOf(ctx), id, ctx.now(), body) };
    const res = await request(ctx, { method: 'POST', url, headers, body, timeoutMs });
    if (!res.ok) throw classifyWebhookResponse(res.status, res.headers, ctx.now(), await readExcerpt(res), url);
    return readAck(res);
  }

  return {
    platform: 'webhook',
    capabilities: webhookCapabilities,
    validate,
    settleMs: SETTLE_MS,

    async publish(post, ctx): Promise<Published> {
      const problem = validate(post)[0];
      if (problem) throw new ConnectorError({ kind: 'permanent', code: `WEBHOOK_${problem.code}`, message: problem.message, sideEffectPossible: false });
      checkSendWindow(ctx.channel.settings.sendWindow, ctx.now());
      const id = publishedMessageId(post.deliveryId);
      const ack = await send(paced(ctx), settingsOf(ctx).url, id, publishedEvent(post, ctx.now(), mediaUrl));
      // Debug: the publish task's outcome line names the delivery and the ack's id (or this webhook-id).
      ctx.log.debug({ deliveryId: post.deliveryId, webhookId: id }, 'webhook.delivered');
      return { kind: 'published', externalId: stringOr(ack.id, id), url: stringOr(ack.url, null) };
    },

    /**
     * A correction is a signed `post.updated` event. Its webhook-id is stable per delivery and
     * revision, so a retry is deduped by the portal like any resend; no send window applies
     * (it changes a post already out, it does not push a new one).
     */
    async update(ref: ExternalRef, post: RenderedPost, ctx): Promise<Published> {
      const problem = validate(post)[0];
      if (problem) throw new ConnectorError({ kind: 'permanent', code: `WEBHOOK_${problem.code}`, message: problem.message, sideEffectPossible: false });
      const id = updatedMessageId(ref.deliveryId, post.revisionId);
      const ack = await send(paced(ctx), settingsOf(ctx).url, id, updatedEvent({ ...post, deliveryId: ref.deliveryId, marker: `loa:${ref.deliveryId}` }, ref.externalId, ctx.now(), mediaUrl));
      ctx.log.info({ deliveryId: ref.deliveryId, webhookId: id }, 'webhook.updated');
      return { kind: 'published', externalId: stringOr(ack.id, ref.externalId), url: stringOr(ack.url, ref.url) };
    },

    /** Takedown is a `post.unpublished` event; the portal removes the post on its side. */
    async unpublish(ref: ExternalRef, ctx): Promise<void> {
      // A takedown does not wait for the throttle: it only tells the portal what it must remove.
      await send(observed(ctx), settingsOf(ctx).url, unpublishedMessageId(ref.deliveryId), unpublishedEvent(ref.deliveryId, ref.externalId, ctx.now()));
    },

    /**
     * With `lookupUrl`, a signed lookup of a marker no post carries: 200 or 404 prove the
     * portal answers and accepts our signature (401/403 refuse the secret). Without it,
     * only that the address answers (HEAD): Standard Webhooks has no read-only ping, and a
     * test event would be a write.
     */
    async checkConnection(ctx) {
      const { lookupUrl, url } = settingsOf(ctx);
      if (lookupUrl) {
        const target = new URL(lookupUrl);
        target.searchParams.set('marker', 'loa:connection-check');
        const res = await request(ctx, { method: 'GET', url: target.toString(), headers: webhookHeaders(secretOf(ctx), 'lookup_connection_check', ctx.now(), ''), timeoutMs });
        if (!res.ok && res.status !== 404) throw classifyWebhookResponse(res.status, res.headers, ctx.now(), await readExcerpt(res), target.toString());
        await res.body?.cancel();
        return { account: new URL(url).host, note: null };
      }
      const res = await request(ctx, { method: 'HEAD', url, headers: {}, timeoutMs });
      await res.body?.cancel();
      if (res.status >= 500) throw classifyWebhookResponse(res.status, res.headers, ctx.now(), '', url);
      return {
        account: new URL(url).host,
        note: {
          vi: 'Đã kiểm tra địa chỉ nhận trả lời; khoá ký chỉ kiểm tra được khi kênh có lookupUrl',
          en: 'The endpoint answers; the signing secret can only be checked when the channel has a lookupUrl',
        },
      };
    },

    /**
     * With `lookupUrl`: a signed `GET lookupUrl?marker=loa:<id>` — 200 `{id, url}` means
     * found, 404 proven absent. Without it, the only question Standard Webhooks lets us ask
     * is to offer the same message again: the consumer dedupes on its webhook-id, so a 2xx
     * means it now holds exactly one copy, whether it had it before or not.
     */
    async reconcile(ref: DeliveryRef, ctx): Promise<ReconcileResult> {
      const { lookupUrl, url } = settingsOf(ctx);
      if (!lookupUrl) {
        const id = publishedMessageId(ref.deliveryId);
        const ack = await send(paced(ctx), url, id, publishedEvent(ref.post, ctx.now(), mediaUrl));
        return { kind: 'published', externalId: stringOr(ack.id, id), url: stringOr(ack.url, null) };
      }
      const target = new URL(lookupUrl);
      target.searchParams.set('marker', ref.marker);
      const id = `lookup_${ref.deliveryId}`;
      const res = await request(paced(ctx), { method: 'GET', url: target.toString(), headers: webhookHeaders(secretOf(ctx), id, ctx.now(), ''), timeoutMs });
      if (res.status === 404) return absent;
      if (!res.ok) throw classifyWebhookResponse(res.status, res.headers, ctx.now(), await readExcerpt(res), target.toString());
      const found = await readAck(res);
      if (typeof found.id !== 'string') {
        throw new ConnectorError({
          kind: 'permanent',
          code: 'WEBHOOK_LOOKUP_INVALID',
          message: { vi: 'Cổng nhận trả lời tra cứu không đúng định dạng ({id, url})', en: 'The lookup answer is not {id, url}' },
          sideEffectPossible: false,
        });
      }
      return { kind: 'published', externalId: found.id, url: stringOr(found.url, null) };
    },
  };
}

function validate(post: RenderedPost): Problem[] {
  const size = Buffer.byteLength(JSON.stringify(publishedEvent(post, post.publishAt, () => null)));
  if (size > MAX_PAYLOAD_BYTES) {
    return [
      {
        field: '/body',
        code: 'PAYLOAD_TOO_LARGE',
        message: { vi: `Nội dung quá dài cho webhook (${size} byte, tối đa ${MAX_PAYLOAD_BYTES})`, en: `Too long for a webhook (${size} bytes, max ${MAX_PAYLOAD_BYTES})` },
      },
    ];
  }
  return [];
}

/**
 * Network failures are re-deliverable (same webhook-id), so their side effect is harmless to
 * a retry of the same delivery; the portal may still hold the event (`mayHaveLanded`).
 */
async function request(ctx: CheckContext, req: Parameters<PublishContext['http']['request']>[0]): Promise<Response> {
  try {
    return await ctx.http.request(req);
  } catch (err) {
    if (!(err instanceof ConnectorError) || !err.sideEffectPossible) throw err;
    throw new ConnectorError({ kind: err.kind, code: err.code, message: err.messages, sideEffectPossible: false, mayHaveLanded: true, cause: err });
  }
}

function settingsOf(ctx: CheckContext): { url: string; lookupUrl: string | null } {
  const { url, lookupUrl } = ctx.channel.settings;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'WEBHOOK_URL_MISSING',
      message: { vi: 'Kênh webhook chưa có địa chỉ nhận (settings.url)', en: 'The webhook channel has no endpoint URL (settings.url)' },
      sideEffectPossible: false,
    });
  }
  return { url, lookupUrl: typeof lookupUrl === 'string' && lookupUrl ? lookupUrl : null };
}

function secretOf(ctx: CheckContext): string {
  const secret = ctx.credentials?.secret;
  if (typeof secret !== 'string' || !secret.startsWith('whsec_')) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'WEBHOOK_SECRET_MISSING',
      message: { vi: 'Kênh webhook chưa có khoá bí mật whsec_…', en: 'The webhook channel has no whsec_ secret' },
      sideEffectPossible: false,
    });
  }
  return secret;
}

/** The portal may answer `{id, url}` for the post it created; anything else is fine too. */
async function readAck(res: Response): Promise<Record<string, unknown>> {
  const text = await readText(res, MAX_ACK_BYTES);
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readExcerpt(res: Response): Promise<string> {
  return (await readText(res, MAX_EXCERPT_BYTES)).slice(0, MAX_EXCERPT_BYTES);
}

/** Reads at most `limit` bytes of the answer: a portal cannot make us buffer a huge body. */
async function readText(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A connection cut while reading the answer: keep what arrived.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' && value ? value : fallback;
}
