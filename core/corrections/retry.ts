import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { enqueueCorrection } from './jobs.ts';

/**
 * A person asks to try a failed correction again (the board's "Thử lại sửa bài"): the
 * delivery's latest correction goes `failed → held` with a fresh attempt budget, a
 * compare-and-set with its audit row and job in one transaction. `held`, so its claim first
 * looks at the delivery again (published: edit; still in flight: wait; never landed: post once).
 */
export async function retryCorrection(db: Db, actor: Actor, deliveryId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [c] = await tx.execute<{ id: string; revision_id: string }>(sql`
      update delivery_corrections set state = 'held', attempt_count = 0, run_at = ${now.toISOString()}::timestamptz, finished_at = null,
        lease_owner = null, lease_until = null, last_error_code = null, last_error_message = null
      where id = (select id from delivery_corrections where delivery_id = ${deliveryId} order by created_at desc limit 1) and state = 'failed'
      returning id, revision_id`);
    if (!c) {
      throw conflict('CORRECTION_STATE_CONFLICT', { vi: 'Lượt đăng này không có lần sửa bài thất bại nào để thử lại', en: 'This delivery has no failed correction to retry' }, '/correction');
    }
    // The failure's note on the delivery goes with it; any other error stays.
    await tx.execute(sql`
      update deliveries set last_error_code = null, last_error_message = null, updated_at = now()
      where id = ${deliveryId} and last_error_code like 'CORRECTION\\_%'`);
    await audit(tx, actor, {
      action: 'delivery.correction_retry_requested',
      entityType: 'delivery',
      entityId: deliveryId,
      data: { correctionId: c.id, revisionId: c.revision_id },
    });
    await enqueueCorrection(tx, c.id, now);
  });
}
