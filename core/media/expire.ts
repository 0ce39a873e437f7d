import { sql } from 'drizzle-orm';
import { media } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { auditFrom } from '../audit.ts';
import type { MediaDeps } from './deps.ts';

/**
 * Resumable uploads that stopped: an `uploading` row that received no byte for
 * `expiryHours` is removed with its bytes and an audit row, so uploads abandoned on
 * phones with bad networks do not fill the disk (clients were told the time in
 * Upload-Expires). The row goes first, chosen by its state and time under a lock, so an
 * upload that resumed meanwhile is kept. Returns how many were removed.
 */
export async function expireAbandonedUploads(deps: Pick<MediaDeps, 'db' | 'storage'>, actor: Actor, now: Date, expiryHours: number, batch = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - expiryHours * 3600_000).toISOString();
  // One statement: the rows go, and each leaves its audit row.
  const removed = await deps.db.execute<{ storage_key: string }>(sql`
    with gone as (
      delete from ${media} m where m.id in (
        select id from media
        where status = 'uploading' and last_activity_at < ${cutoff}::timestamptz
          and not exists (select 1 from consents c where c.document_media_id = media.id)
        order by last_activity_at limit ${batch}
        for update skip locked)
      returning m.id, m.unit_id, m.storage_key, m.size_bytes, m.received_bytes),
    logged as (${auditFrom(actor, 'gone', {
      action: 'media.upload_expired',
      entityType: 'media',
      entityId: sql`gone.id::text`,
      unitId: sql`gone.unit_id`,
      data: sql`jsonb_build_object('receivedBytes', gone.received_bytes, 'sizeBytes', gone.size_bytes, 'expiryHours', ${expiryHours}::int)`,
    })})
    select storage_key from gone`);
  for (const r of removed) await deps.storage.delete(r.storage_key);
  return removed.length;
}
