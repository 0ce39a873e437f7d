import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { enqueueCorrection } from './jobs.ts';
import type { PlannedCorrection } from './plan.ts';

/**
 * At approval, for every channel already showing an older revision: `update_in_place` opens
 * a correction of its published delivery (the `correct_delivery` task edits the object);
 * `none` leaves it as it is. Returns the channels that get no new delivery; the rest
 * (`correction_post`) publish again as before. A correction of the same delivery still
 * waiting for an older revision is superseded: only the newest approved revision goes out.
 */
export async function startCorrections(tx: Queryable, actor: Actor, input: { revisionId: string; unitId: string; plan: PlannedCorrection[]; now: Date }): Promise<string[]> {
  const handled: string[] = [];
  for (const p of input.plan) {
    if (p.mode === 'correction_post') continue;
    handled.push(p.channelId);
    if (p.mode === 'none') {
      await audit(tx, actor, {
        action: 'delivery.correction_none',
        entityType: 'delivery',
        entityId: p.deliveryId,
        unitId: input.unitId,
        data: { revisionId: input.revisionId, channelId: p.channelId, note: p.note.vi },
      });
      continue;
    }
    await tx.execute(sql`
      update delivery_corrections set state = 'superseded', finished_at = ${input.now.toISOString()}::timestamptz
      where delivery_id = ${p.deliveryId} and state = 'pending'`);
    const [row] = await tx.execute<{ id: string }>(sql`
      insert into delivery_corrections (delivery_id, revision_id, run_at)
      values (${p.deliveryId}, ${input.revisionId}, ${input.now.toISOString()}::timestamptz)
      on conflict (delivery_id, revision_id) do nothing
      returning id`);
    if (!row) continue;
    await audit(tx, actor, {
      action: 'delivery.correction_open',
      entityType: 'delivery',
      entityId: p.deliveryId,
      unitId: input.unitId,
      data: { correctionId: row.id, revisionId: input.revisionId, channelId: p.channelId },
    });
    await enqueueCorrection(tx, row.id, input.now);
  }
  return handled;
}
