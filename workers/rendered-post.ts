import { ConnectorError, type MediaRef, type RenderedPost } from '../connectors/contract.ts';
import type { DeliveryContext } from '../core/deliveries/context.ts';
import type { Storage } from '../lib/storage.ts';
import { markerBinder } from '../templates/render.ts';

/**
 * The post a connector sends: the rendering frozen at approval for this channel, with the
 * delivery's marker bound where the template left its placeholder, and media streamed
 * from storage on demand. Nothing is re-rendered: what goes out is what was approved.
 */
export function buildRenderedPost(ctx: DeliveryContext, storage: Storage): RenderedPost {
  const frozen = ctx.revision.rendering;
  if (!frozen || typeof frozen.text !== 'string') {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'RENDERING_MISSING',
      message: {
        vi: 'Không có bản hiển thị đã duyệt cho kênh này; cần duyệt lại nội dung',
        en: 'No approved rendering for this channel; approve the content again',
      },
      sideEffectPossible: false,
    });
  }
  const deliveryId = ctx.delivery.id;
  // Only the fields the post carries are bound (the rendering holds more: tags, problems, …).
  const bind = markerBinder(deliveryId);
  return {
    deliveryId,
    itemId: ctx.item.id,
    revisionId: ctx.revision.id,
    marker: `loa:${deliveryId}`,
    title: bind(str(frozen.title)),
    text: bind(frozen.text),
    body: bind(str(frozen.body)),
    summary: bind(str(frozen.summary)),
    link: typeof frozen.link === 'string' ? bind(frozen.link) : null,
    linkLive: ctx.item.liveOnSite,
    hashtags: strings(frozen.hashtags).map(bind),
    categories: strings(frozen.categories).map(bind),
    theme: ctx.revision.theme,
    slug: ctx.item.slug,
    unit: ctx.unit,
    publishAt: ctx.delivery.dueAt,
    media: ctx.media.map(
      (m): MediaRef => ({
        id: m.id,
        kind: m.kind,
        mimeType: m.mimeType,
        fileName: m.originalName,
        sizeBytes: m.sizeBytes,
        width: m.width,
        height: m.height,
        altText: m.altText,
        sha256: m.sha256,
        open: (range) => storage.read(m.storageKey, range),
      }),
    ),
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
