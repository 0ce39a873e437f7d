import type { PublishContext, RenderedPost } from '../contract.ts';
import type { WordpressClient } from './client.ts';
import { uploadFileName } from './content.ts';

/**
 * The featured image's attachment id, uploading the post's first image only when WordPress
 * does not hold it yet: `progress.wpMediaId` is the upload of this delivery and
 * `progress.wpMediaSource` which image it was (its SHA-256, else its id). A retry of the same
 * publish reuses the saved id; a correction reuses it only when the image did not change.
 * `unlabelledIsSame`: progress saved before wpMediaSource existed counts as this image (true
 * for a publish, whose progress is its own revision's; false for a correction).
 * Returns undefined when the post has no image.
 */
export async function featuredMedia(post: RenderedPost, ctx: PublishContext, client: WordpressClient, unlabelledIsSame: boolean): Promise<number | undefined> {
  const image = post.media.find((m) => m.kind === 'image');
  if (!image) return undefined;
  const source = image.sha256 ?? image.id;
  const saved = ctx.progress.wpMediaId;
  const savedSource = ctx.progress.wpMediaSource;
  const sameImage = savedSource === source || (savedSource === undefined && unlabelledIsSame);
  if (typeof saved === 'number' && Number.isInteger(saved) && sameImage) return saved;
  const body = image.open();
  try {
    const media = await client.uploadMedia(body, {
      fileName: uploadFileName(image.fileName, image.mimeType),
      mimeType: image.mimeType,
      sizeBytes: image.sizeBytes,
      altText: image.altText ?? null,
    });
    await ctx.saveProgress({ wpMediaId: media.id, wpMediaSource: source });
    return media.id;
  } finally {
    body.destroy();
  }
}
