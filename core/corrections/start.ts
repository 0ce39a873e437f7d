import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { auditFrom } from '../audit.ts';
import { heldMessage } from './held.ts';
import { correctionJobSpecSql } from './jobs.ts';
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
 * One statement for the whole plan (a revision corrected on 10,000 channels took four
 * statements per channel): the same rows, audit rows (in plan order) and jobs.
 */
export async function startCorrections(tx: Queryable, actor: Actor, input: { revisionId: string; unitId: string; plan: PlannedCorrection[]; now: Date }): Promise<string[]> {
  const acting = input.plan.filter((p) => p.mode !== 'correction_post');
  if (acting.length === 0) return [];
  const plan = acting.map((p, ord) => ({
    ord,
    mode: p.mode,
    delivery_id: p.deliveryId,
    channel_id: p.channelId,
    waits_for: p.waitsFor,
    held_message: p.waitsFor ? heldMessage(p.waitsFor) : null,
    note: p.note.vi,
  }));
  const now = input.now.toISOString();
  await tx.execute(sql`
    with plan as (
      select * from jsonb_to_recordset(${JSON.stringify(plan)}::jsonb)
        as p(ord int, mode text, delivery_id uuid, channel_id uuid, waits_for text, held_message text, note text)
    ),
    superseded as (
      update delivery_corrections set state = 'superseded', finished_at = ${now}::timestamptz
      where delivery_id in (select delivery_id from plan where mode = 'update_in_place') and state in ('pending', 'held')
    ),
    opened as (
      insert into delivery_corrections (delivery_id, revision_id, run_at, state, last_error_message)
      select delivery_id, ${input.revisionId}::uuid, ${now}::timestamptz, case when waits_for is null then 'pending' else 'held' end, held_message
      from plan where mode = 'update_in_place' order by ord
      on conflict (delivery_id, revision_id) do nothing
      returning id, delivery_id
    ),
    entries as (
      select p.ord, 'delivery.correction_none' as action, p.delivery_id,
             jsonb_build_object('revisionId', ${input.revisionId}::text, 'channelId', p.channel_id, 'note', p.note) as data
      from plan p where p.mode = 'none'
      union all
      select p.ord, 'delivery.correction_open', p.delivery_id,
             jsonb_build_object('correctionId', o.id, 'revisionId', ${input.revisionId}::text, 'channelId', p.channel_id, 'waitsFor', p.waits_for)
      from opened o join plan p on p.delivery_id = o.delivery_id
    ),
    ordered as (select * from entries order by ord),
    logged as (
      ${auditFrom(actor, 'ordered', { action: sql`action`, entityType: 'delivery', entityId: sql`delivery_id::text`, unitId: sql`${input.unitId}::uuid`, data: sql`data` })}
    )
    select count(*) from graphile_worker.add_jobs(array(select ${correctionJobSpecSql('o', input.now)} from opened o))`);
  return acting.map((p) => p.channelId);
}
