import type { RenderedPost } from '../contract.ts';

/** Consumers dedupe on webhook-id, so it is stable per delivery and event type: every retry repeats it. */
export const publishedMessageId = (deliveryId: string) => `msg_${deliveryId}`;
export const unpublishedMessageId = (deliveryId: string) => `msg_${deliveryId}_unpublished`;

/** Standard Webhooks suggests keeping payloads under 20 KB. */
export const MAX_PAYLOAD_BYTES = 20_000;

export interface WebhookEvent {
  type: 'post.published' | 'post.unpublished';
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

export function unpublishedEvent(deliveryId: string, externalId: string, now: Date): WebhookEvent {
  return {
    type: 'post.unpublished',
    timestamp: now.toISOString(),
    data: { deliveryId, marker: `loa:${deliveryId}`, externalId },
  };
}
