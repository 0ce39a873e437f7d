import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels, deliveries, manualProofs } from '../../db/schema/index.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { detectFileType, MAGIC_HEAD_BYTES } from '../../lib/magic-bytes.ts';
import type { Storage } from '../../lib/storage.ts';
import type { Actor } from '../actor.ts';
import { fileTooLarge } from '../media/errors.ts';
import { probeImage } from '../media/inspect.ts';
import { allows } from '../policy.ts';
import { membershipsOf, unitAncestry } from '../units.ts';

/** A screenshot an officer attached as proof of a push (phones save PNG or JPEG; ~0.3–3 MB). */
export const MAX_PROOF_BYTES = 10 * 1024 * 1024;
const FIELD = '/screenshot';

export interface StoredProof {
  storageKey: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
}

const proofKey = (id: string) => `proofs/${id.slice(0, 2)}/${id}`;

/**
 * Stores the bytes (already in memory, ≤ MAX_PROOF_BYTES) under a private key that the
 * public site never serves: type from the magic bytes (images only), probed under the
 * pixel limit, hashed. A refused file leaves nothing behind; the caller deletes the key
 * if its own transaction then fails.
 */
export async function storeProof(storage: Storage, bytes: Uint8Array, maxImagePixels: number): Promise<StoredProof> {
  if (bytes.byteLength > MAX_PROOF_BYTES) throw fileTooLarge(MAX_PROOF_BYTES, FIELD);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Any file that is no accepted image, unrecognised bytes too, is told so for this field: the media
  // library's refusal (requireAcceptedType) lists videos and PDF, which a screenshot cannot be.
  const type = detectFileType(buffer.subarray(0, MAGIC_HEAD_BYTES));
  if (type?.kind !== 'image') {
    throw new AppError('PROOF_NOT_IMAGE', 415, { vi: 'Ảnh chụp màn hình phải là ảnh (JPEG, PNG, WebP, GIF)', en: 'The screenshot must be an image (JPEG, PNG, WebP, GIF)' }, FIELD);
  }
  const key = proofKey(randomUUID());
  await storage.put(key, Readable.from([buffer]));
  try {
    const size = await probeImage(storage, key, maxImagePixels, FIELD);
    return { storageKey: key, mimeType: type.mimeType, sizeBytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex'), ...size };
  } catch (err) {
    await storage.delete(key);
    throw err;
  }
}

const MANAGER_ROLES = new Set(['admin', 'approver', 'viewer']);

/**
 * Proofs show a citizens' group (names, faces, messages): only the unit's managers see them
 * — content.read on the group's unit through an admin, approver or viewer role. Officers
 * and editors do not, and the public site never serves them.
 */
export async function readableProof(q: Queryable, actor: Actor, deliveryId: string): Promise<typeof manualProofs.$inferSelect> {
  const [row] = await q
    .select({ proof: manualProofs, unitId: channels.unitId })
    .from(manualProofs)
    .innerJoin(deliveries, eq(deliveries.id, manualProofs.deliveryId))
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .where(eq(manualProofs.deliveryId, deliveryId));
  if (!row) throw notFound({ vi: 'ảnh xác nhận', en: 'Proof' }, '/deliveryId');
  if (!actor.userId) throw forbidden();
  const grants = (await membershipsOf(q, actor.userId)).filter((m) => MANAGER_ROLES.has(m.role));
  if (!allows(grants, 'content.read', await unitAncestry(q, row.unitId))) throw forbidden();
  return row.proof;
}
