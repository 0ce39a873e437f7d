import type { FastifyReply } from 'fastify';
import type { MediaRow } from '../../core/deliveries/context.ts';
import { phoneRendition, type Rendition } from '../../core/media/renditions.ts';
import type { Storage } from '../../lib/storage.ts';

/**
 * Answers with an image's rendition: the large one as a download (to save and attach in
 * Zalo), the small one inline; private, cached a day (media never change).
 */
export async function sendPhoneImage(reply: FastifyReply, storage: Storage, media: MediaRow, size: Rendition, maxImagePixels: number): Promise<FastifyReply> {
  const rendition = await phoneRendition(storage, media, size, maxImagePixels);
  const name = `${media.originalName.replace(/\.[^.]*$/, '') || 'anh'}.jpg`;
  return reply
    .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'private, max-age=86400', 'content-length': String(rendition.bytes) })
    .header('content-disposition', `${size === 'large' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`)
    .type('image/jpeg')
    .send(storage.read(rendition.key));
}
