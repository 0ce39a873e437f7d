import type { Db } from '../../db/client.ts';
import type { media } from '../../db/schema/index.ts';
import type { Config } from '../../lib/config.ts';
import type { Storage } from '../../lib/storage.ts';

export interface MediaDeps {
  db: Db;
  storage: Storage;
  limits: Pick<Config, 'maxUploadBytes' | 'maxResumableBytes' | 'maxImagePixels' | 'uploadExpiryHours'>;
  /** A connection that sends no byte for this long is dropped. (Default: 60 s) */
  idleTimeoutMs?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export type MediaRow = typeof media.$inferSelect;

/** Where a media file's bytes live once accepted (and while a resumable upload fills it). */
export const objectKey = (id: string) => `objects/${id.slice(0, 2)}/${id}`;

/** Where a single-request upload lands before its type is known. */
export const tempKey = (id: string) => `tmp/${id}`;

/** Placeholder type of a resumable upload until its first bytes arrive. */
export const PENDING_MIME = 'application/octet-stream';

/** When an unfinished resumable upload is removed if no more bytes arrive (tus Upload-Expires). */
export function uploadExpiresAt(row: Pick<MediaRow, 'status' | 'lastActivityAt'>, expiryHours: number): Date | null {
  return row.status === 'uploading' ? new Date(row.lastActivityAt.getTime() + expiryHours * 3600_000) : null;
}
