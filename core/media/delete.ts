import { and, eq, ne, sql } from 'drizzle-orm';
import { consents, media, revisions } from '../../db/schema/index.ts';
import { conflict } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import type { MediaDeps } from './deps.ts';
import { mediaNotFound } from './errors.ts';

/**
 * Deletes a finished media file. Refused (409) while a submitted revision uses it (what an
 * approver saw must stay publishable) or a consent keeps it as its signed document.
 * The row is locked while checking, so two deletes cannot both pass.
 */
export async function deleteMedia(deps: Pick<MediaDeps, 'db' | 'storage'>, actor: Actor, id: string): Promise<void> {
  const storageKey = await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(media).where(eq(media.id, id)).for('update');
    if (!row) throw mediaNotFound();
    await assertAllowedOnUnit(tx, actor, 'media.upload', row.unitId);
    if (row.status === 'uploading') {
      throw conflict('MEDIA_UPLOADING', {
        vi: 'Tệp đang tải lên; hãy huỷ lượt tải (DELETE /api/v1/uploads/:id)',
        en: 'The file is still uploading; terminate the upload (DELETE /api/v1/uploads/:id)',
      });
    }
    const [usedBy] = await tx
      .select({ id: revisions.id })
      .from(revisions)
      .where(and(sql`${id}::uuid = any(${revisions.mediaIds})`, ne(revisions.state, 'draft')))
      .limit(1);
    if (usedBy) {
      throw conflict('MEDIA_IN_USE', {
        vi: 'Tệp đang được dùng trong một bài đã gửi duyệt nên không thể xoá',
        en: 'The file is used by a submitted revision and cannot be deleted',
      });
    }
    const [consent] = await tx.select({ id: consents.id }).from(consents).where(eq(consents.documentMediaId, id)).limit(1);
    if (consent) {
      throw conflict('MEDIA_IN_USE', {
        vi: 'Tệp là văn bản đồng ý của một người nên không thể xoá',
        en: 'The file is the signed document of a consent and cannot be deleted',
      });
    }
    await tx.delete(media).where(eq(media.id, id));
    await audit(tx, actor, {
      action: 'media.deleted',
      entityType: 'media',
      entityId: id,
      unitId: row.unitId,
      data: { originalName: row.originalName, sha256: row.sha256, sizeBytes: row.sizeBytes },
    });
    return row.storageKey;
  });
  await deps.storage.delete(storageKey);
}
