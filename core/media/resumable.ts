import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { media } from '../../db/schema/index.ts';
import { AppError, conflict } from '../../lib/errors.ts';
import { MAGIC_HEAD_BYTES } from '../../lib/magic-bytes.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { actingUserId } from './access.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, type MediaDeps, type MediaRow, objectKey, PENDING_MIME, uploadExpiresAt } from './deps.ts';
import { fileTooLarge, mediaNotFound } from './errors.ts';
import { acceptImage, requireAcceptedType } from './inspect.ts';
import { meterStream, readAll, sha256Of, UploadMeter } from './meter.ts';

export interface ResumableCreate {
  unitId: string;
  fileName: string;
  altText?: string | undefined;
  length: number;
}

export interface ResumableOffset {
  offset: number;
  length: number;
  media: MediaRow;
  /** Removed at this time if no more bytes arrive; null once complete. */
  expiresAt: Date | null;
}

const offsetMismatch = (offset: number) =>
  conflict('UPLOAD_OFFSET_MISMATCH', {
    vi: `Vị trí tiếp tục không khớp: máy chủ đã nhận ${offset} byte`,
    en: `Upload-Offset does not match: the server has ${offset} bytes`,
  }, 'headers:/upload-offset');

const beyondLength = (length: number) =>
  new AppError('UPLOAD_BEYOND_LENGTH', 413, {
    vi: `Dữ liệu gửi vượt quá độ dài đã khai báo (${length} byte)`,
    en: `More bytes than the declared Upload-Length (${length})`,
  }, 'headers:/content-length');

const uploadBusy = () =>
  new AppError('UPLOAD_LOCKED', 423, {
    vi: 'Tệp này đang được tải lên từ một kết nối khác; thử lại sau giây lát',
    en: 'Another connection is uploading this file; retry shortly',
  });

/**
 * Resumable uploads (the tus protocol's core, creation and termination). The bytes go
 * straight to the media's final key; the file's size is the offset, so whatever arrived
 * before a dropped connection counts. The type is checked as soon as the first bytes are
 * in, and once the last byte arrives the image is probed, the sha256 is computed by
 * streaming the file and the media becomes `ready`.
 *
 * Appends to one upload are serialised in this process (423 while one runs); a stalled
 * connection is dropped after `idleTimeoutMs`, which frees the upload for the client's retry.
 */
export function createResumableUploads(deps: MediaDeps) {
  const { db, storage, limits } = deps;
  const busy = new Set<string>();
  const idleTimeoutMs = deps.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const expiresAt = (row: MediaRow) => uploadExpiresAt(row, limits.uploadExpiryHours);

  async function ownUpload(actor: Actor, id: string): Promise<MediaRow> {
    const [row] = await db
      .select()
      .from(media)
      .where(and(eq(media.id, id), eq(media.uploadedBy, actingUserId(actor))));
    if (!row) throw mediaNotFound();
    return row;
  }

  async function storedBytes(row: MediaRow): Promise<number> {
    return row.status === 'ready' ? row.sizeBytes : ((await storage.size(row.storageKey)) ?? 0);
  }

  /** Removes a refused upload: the row (with an audit row) and its bytes. */
  async function discard(actor: Actor, row: MediaRow, reason: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.delete(media).where(eq(media.id, row.id));
      await audit(tx, actor, { action: 'media.upload_refused', entityType: 'media', entityId: row.id, unitId: row.unitId, data: { reason } });
    });
    await storage.delete(row.storageKey);
  }

  /** Checks the type once enough bytes are in; the whole file is then probed and hashed when complete. */
  async function inspect(actor: Actor, row: MediaRow, received: number): Promise<MediaRow> {
    try {
      let current = row;
      if (current.mimeType === PENDING_MIME && (received >= MAGIC_HEAD_BYTES || received === current.sizeBytes)) {
        const type = requireAcceptedType(await readAll(storage.read(current.storageKey, { start: 0, end: MAGIC_HEAD_BYTES - 1 })));
        const [typed] = await db.update(media).set({ mimeType: type.mimeType, kind: type.kind }).where(eq(media.id, row.id)).returning();
        current = typed!;
      }
      if (received < current.sizeBytes) return current;
      // The tus client has its answer (the offset it sent); what is stored and served from now on is the cleaned file.
      const image = current.kind === 'image' ? await acceptImage(storage, current.storageKey, current.mimeType, limits.maxImagePixels) : null;
      const cleaned = image?.cleaned;
      const sha256 = cleaned?.sha256 ?? (await sha256Of(storage.read(current.storageKey)));
      const stored = cleaned ? { sizeBytes: cleaned.bytes, receivedBytes: cleaned.bytes } : {};
      return await db.transaction(async (tx) => {
        const [ready] = await tx
          .update(media)
          .set({ status: 'ready', sha256, width: image?.width ?? null, height: image?.height ?? null, ...stored })
          .where(eq(media.id, row.id))
          .returning();
        await audit(tx, actor, {
          action: 'media.upload_completed',
          entityType: 'media',
          entityId: row.id,
          unitId: row.unitId,
          data: { kind: ready!.kind, mimeType: ready!.mimeType, sizeBytes: ready!.sizeBytes, sha256, ...(cleaned ? { metadataRemoved: true, receivedBytes: received } : {}) },
        });
        return ready!;
      });
    } catch (err) {
      if (err instanceof AppError) await discard(actor, row, err.code);
      throw err;
    }
  }

  return {
    async create(actor: Actor, input: ResumableCreate): Promise<MediaRow> {
      if (input.length > limits.maxResumableBytes) throw fileTooLarge(limits.maxResumableBytes, 'headers:/upload-length');
      await assertAllowedOnUnit(db, actor, 'media.upload', input.unitId, 'headers:/upload-metadata/unitId');
      const id = randomUUID();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(media)
          .values({
            id,
            unitId: input.unitId,
            uploadedBy: actingUserId(actor),
            // Provisional until the first bytes tell the real type.
            kind: 'video',
            status: 'uploading',
            mimeType: PENDING_MIME,
            originalName: nfc(input.fileName),
            storageKey: objectKey(id),
            sizeBytes: input.length,
            receivedBytes: 0,
            altText: input.altText === undefined ? null : nfc(input.altText),
          })
          .returning();
        await audit(tx, actor, { action: 'media.upload_started', entityType: 'media', entityId: id, unitId: input.unitId, data: { sizeBytes: input.length } });
        return row!;
      });
    },

    /** Where the upload stands (tus HEAD). Only its uploader sees it. */
    async offset(actor: Actor, id: string): Promise<ResumableOffset> {
      const row = await ownUpload(actor, id);
      return { offset: await storedBytes(row), length: row.sizeBytes, media: row, expiresAt: expiresAt(row) };
    },

    /**
     * Appends `body` at `offset` (tus PATCH). Rejects with the stream's error when the
     * connection drops; the bytes that arrived are kept and the next HEAD reports them.
     */
    async append(actor: Actor, id: string, offset: number, body: Readable, declaredBytes?: number): Promise<ResumableOffset> {
      if (busy.has(id)) throw uploadBusy();
      busy.add(id);
      try {
        const row = await ownUpload(actor, id);
        const have = await storedBytes(row);
        if (offset !== have) throw offsetMismatch(have);
        if (row.status === 'ready') {
          if (declaredBytes) throw beyondLength(row.sizeBytes);
          return { offset: have, length: row.sizeBytes, media: row, expiresAt: null };
        }
        await assertAllowedOnUnit(db, actor, 'media.upload', row.unitId);
        const remaining = row.sizeBytes - offset;
        if (declaredBytes !== undefined && declaredBytes > remaining) throw beyondLength(row.sizeBytes);
        const meter = new UploadMeter({ maxBytes: remaining, tooLarge: () => beyondLength(row.sizeBytes), idleTimeoutMs });
        let failure: unknown;
        await storage.append(row.storageKey, meterStream(body, meter)).catch((err: unknown) => (failure = err));
        const received = (await storage.size(row.storageKey)) ?? 0;
        const [updated] = await db.update(media).set({ receivedBytes: received, lastActivityAt: sql`now()` }).where(eq(media.id, id)).returning();
        // Expired (expire.ts) or terminated by another process while these bytes streamed.
        if (!updated) throw mediaNotFound();
        if (failure) throw failure;
        const inspected = await inspect(actor, updated!, received);
        return { offset: received, length: row.sizeBytes, media: inspected, expiresAt: expiresAt(inspected) };
      } finally {
        busy.delete(id);
      }
    },

    /** Abandons an unfinished upload (tus DELETE): row and bytes go. */
    async terminate(actor: Actor, id: string): Promise<void> {
      if (busy.has(id)) throw uploadBusy();
      busy.add(id);
      try {
        const row = await ownUpload(actor, id);
        if (row.status !== 'uploading') {
          throw conflict('UPLOAD_COMPLETE', {
            vi: 'Tệp đã tải lên xong; hãy xoá nó trong thư viện (DELETE /api/v1/media/:id)',
            en: 'The upload is complete; delete it from the library (DELETE /api/v1/media/:id)',
          });
        }
        await db.transaction(async (tx) => {
          await tx.delete(media).where(eq(media.id, id));
          await audit(tx, actor, { action: 'media.upload_terminated', entityType: 'media', entityId: id, unitId: row.unitId, data: { receivedBytes: row.receivedBytes } });
        });
        await storage.delete(row.storageKey);
      } finally {
        busy.delete(id);
      }
    },
  };
}
