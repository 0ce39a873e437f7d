import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { media } from '../../db/schema/index.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { actingUserId } from './access.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, type MediaDeps, type MediaRow, objectKey, tempKey } from './deps.ts';
import { fileTooLarge } from './errors.ts';
import { acceptImage, requireAcceptedType } from './inspect.ts';
import { meterStream, UploadMeter } from './meter.ts';

export interface UploadInput {
  unitId: string;
  fileName: string;
  altText?: string | undefined;
  body: Readable;
  /** The Content-Length the client announced, to refuse an oversize file before reading it. */
  declaredBytes?: number | undefined;
}

/**
 * Stores one file sent in a single request. The bytes stream to a temporary key while
 * being counted, limited and hashed; the type comes from the magic bytes and images are
 * probed under the pixel limit, then cleared of location and camera data (strip-metadata.ts). Only an accepted file is moved to its final key and gets
 * a row; a refused or broken upload leaves neither row nor file.
 */
export async function uploadMedia(deps: MediaDeps, actor: Actor, input: UploadInput): Promise<MediaRow> {
  const { db, storage, limits } = deps;
  const userId = actingUserId(actor);
  await assertAllowedOnUnit(db, actor, 'media.upload', input.unitId, 'querystring:/unitId');
  if (input.declaredBytes !== undefined && input.declaredBytes > limits.maxUploadBytes) throw fileTooLarge(limits.maxUploadBytes);

  const id = randomUUID();
  const temp = tempKey(id);
  const meter = new UploadMeter({
    maxBytes: limits.maxUploadBytes,
    tooLarge: () => fileTooLarge(limits.maxUploadBytes),
    hash: true,
    idleTimeoutMs: deps.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  });
  try {
    await storage.put(temp, meterStream(input.body, meter));
    const type = requireAcceptedType(meter.head);
    const image = type.kind === 'image' ? await acceptImage(storage, temp, type.mimeType, limits.maxImagePixels) : null;
    const cleaned = image?.cleaned;
    const sha256 = cleaned?.sha256 ?? meter.sha256();
    const bytes = cleaned?.bytes ?? meter.bytes;
    const finalKey = objectKey(id);
    await storage.move(temp, finalKey);
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(media)
          .values({
            id,
            unitId: input.unitId,
            uploadedBy: userId,
            kind: type.kind,
            status: 'ready',
            mimeType: type.mimeType,
            originalName: nfc(input.fileName),
            storageKey: finalKey,
            sizeBytes: bytes,
            receivedBytes: bytes,
            sha256,
            width: image?.width ?? null,
            height: image?.height ?? null,
            altText: input.altText === undefined ? null : nfc(input.altText),
          })
          .returning();
        await audit(tx, actor, {
          action: 'media.upload',
          entityType: 'media',
          entityId: id,
          unitId: input.unitId,
          data: { kind: type.kind, mimeType: type.mimeType, sizeBytes: bytes, sha256, ...(cleaned ? { metadataRemoved: true, receivedBytes: meter.bytes } : {}) },
        });
        return row!;
      });
    } catch (err) {
      await storage.delete(finalKey);
      throw err;
    }
  } finally {
    await storage.delete(temp);
  }
}
