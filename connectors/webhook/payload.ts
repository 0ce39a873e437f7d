import type { RenderedPost } from '../contract.ts';

/** Consumers dedupe on webhook-id, so it is stable per delivery and event type: every retry repeats it. */
export const publishedMessageId = (deliveryId: string) => `msg_${deliveryId}`;
export const unpublishedMessageId = (deliveryId: string) => `msg_${deliveryId}_unpublished`;
/** One per correction: a retry of the same correction repeats it, a later revision gets its own. */
export const updatedMessageId = (deliveryId: string, revisionId: string) => `msg_${deliveryId}_rev_${revisionId}`;

/** Standard Webhooks suggests keeping payloads under 20 KB. */
export const MAX_PAYLOAD_BYTES = 20_000;

export interface WebhookEvent {
  type: 'post.published' | 'post.updated' | 'post.unpublished';
  timestamp: string;
  data: Record<string, unknown>;
}

export function publishedEvent(post: RenderedPost, now: Date, mediaUrl: (mediaId: string) => string | null): WebhookEvent {
  return {
    type: 'post.published',
    timestamp: now.toISOString(),
    data: {
      deliveryId: post.deliveryId,
      marker: post.marker,
      itemId: post.itemId,
      revisionId: post.revisionId,
      slug: post.slug,
      title: post.title,
      summary: post.summary,
      body: post.body,
      link: post.link,
      hashtags: post.hashtags,
      theme: post.theme,
      unit: post.unit,
      publishAt: post.publishAt.toISOString(),
      media: post.media.map((m) => ({
        id: m.id,
        kind: m.kind,
        mimeType: m.mimeType,
        fileName: m.fileName,
        sizeBytes: m.sizeBytes,
        width: m.width ?? null,
        height: m.height ?? null,
        altText: m.altText ?? null,
        url: mediaUrl(m.id),
      })),
    },
  };
}

/**
 * A newer approved revision of a post the portal already holds: the same fields as
 * `post.published` for the delivery that published it (its marker, and `externalId`, the
 * portal's own id for it), so the portal edits that post instead of adding one.
 */
export function updatedEvent(post: RenderedPost, externalId: string, now: Date, mediaUrl: (mediaId: string) => string | null): WebhookEvent {
  const event = publishedEvent(post, now, mediaUrl);
  return { type: 'post.updated', timestamp: event.timestamp, data: { ...event.data, externalId } };
}

export function unpublishedEvent(deliveryId: string, externalId: string, now: Date): WebhookEvent {
  return {
    type: 'post.unpublished',
    timestamp: now.toISOString(),
    data: { deliveryId, marker: `loa:${deliveryId}`, externalId },
  };
}
