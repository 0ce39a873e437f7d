import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { heldMessage } from './held.ts';
import { enqueueCorrection } from './jobs.ts';
import type { PlannedCorrection } from './plan.ts';

/**
 * At approval, for every channel already showing an older revision: `update_in_place` opens
 * a correction of its published delivery (the `correct_delivery` task edits the object);
 * `none` leaves it as it is. Returns the channels that get no new delivery; the rest
 * (`correction_post`) publish again as before. A correction of the same delivery still
 * waiting for an older revision is superseded: only the newest approved revision goes out.
 * Where the older revision's publish is still in flight the correction is opened `held`: it
 * waits for that delivery to settle (a trigger on its state wakes it, see migration 0021),
 * and its job runs once now too, in case the delivery settled while this approval ran.
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
      where delivery_id = ${p.deliveryId} and state in ('pending', 'held')`);
    const held = p.waitsFor ? { state: 'held', message: heldMessage(p.waitsFor) } : { state: 'pending', message: null };
    const [row] = await tx.execute<{ id: string }>(sql`
      insert into delivery_corrections (delivery_id, revision_id, run_at, state, last_error_message)
      values (${p.deliveryId}, ${input.revisionId}, ${input.now.toISOString()}::timestamptz, ${held.state}, ${held.message})
      on conflict (delivery_id, revision_id) do nothing
      returning id`);
    if (!row) continue;
    await audit(tx, actor, {
      action: 'delivery.correction_open',
      entityType: 'delivery',
      entityId: p.deliveryId,
      unitId: input.unitId,
      data: { correctionId: row.id, revisionId: input.revisionId, channelId: p.channelId, waitsFor: p.waitsFor },
    });
    await enqueueCorrection(tx, row.id, input.now);
  }
  return handled;
}
