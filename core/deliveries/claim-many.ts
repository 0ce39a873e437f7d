import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { pgArrayLiteral as pgArray } from '../../db/pg-array.ts';
import { preparedStatement } from '../../db/prepared.ts';
import type { DeliveryState } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { MANUAL_PLATFORMS } from '../manual/settings.ts';
import { claimDelivery, EARLY_TOLERANCE_MS, type ClaimInput, type ClaimResult } from './claim.ts';
import { contextsFromRows, deliveryContextSql, type DeliveryContextRow } from './context.ts';
import { holdCodes } from './holds.ts';
import { startAtSql } from './lead.ts';
import { claimableStates } from './states.ts';
import { transitionManySql } from './transition.ts';


type ClaimedRow = DeliveryContextRow & { owner: string; previous: DeliveryState; attempt_id: string; number: number };

/** The claiming statement (its text is rendered once per actor; the requests are its four array parameters). */
const claimStatement = preparedStatement<Actor, ClaimedRow>(
  (actor) => sql`
    with req as (
      select * from unnest(
        ${sql.placeholder('ids')}::uuid[],
        ${sql.placeholder('owners')}::text[],
        ${sql.placeholder('leaseUntils')}::timestamptz[],
        ${sql.placeholder('nows')}::timestamptz[]
      ) as r(id, owner, lease_until, now)
    ),
    ready as (
      select distinct on (d.id) d.id, d.state as previous, r.owner, r.lease_until, r.now
      from req r
      join deliveries d on d.id = r.id
      join channels c on c.id = d.channel_id
      join revisions v on v.id = d.revision_id
      where d.state = any(${`{${claimableStates.join(',')}}`}::delivery_state[])
        and c.platform <> all(${`{${MANUAL_PLATFORMS.join(',')}}`}::platform[])
        and coalesce(d.not_before, ${startAtSql(sql`d.due_at`, 'c')}) <= r.now + ${EARLY_TOLERANCE_MS} * interval '1 millisecond'
        and v.state = 'approved' and (v.expires_at is null or v.expires_at > r.now)
        and not exists (
          select 1 from revision_consents rc join consents k on k.id = rc.consent_id
          where rc.revision_id = d.revision_id
            and (k.withdrawn_at is not null or k.expires_at <= r.now or (cardinality(k.platforms) > 0 and not c.platform::text = any(k.platforms))))
        and c.status = 'connected' and not c.paused
        and not exists (select 1 from system_settings s where s.key = 'freeze' and s.value->'on' = 'true'::jsonb)
    ),
    ${transitionManySql(actor, {
      source: 'ready',
      from: claimableStates,
      to: 'publishing',
      set: sql`attempt_count = d.attempt_count + 1, lease_until = src.lease_until, lease_owner = src.owner, hold_reason = null, not_before = null,
        last_error_code = case when d.last_error_code = any(${`{${Object.values(holdCodes).join(',')}}`}::text[]) then null else d.last_error_code end`,
      note: sql`jsonb_build_object('attempt', moved.attempt_count)`,
    })},
    attempt as (
      insert into delivery_attempts (delivery_id, number, started_at, worker)
      select m.id, coalesce((select max(a.number) from delivery_attempts a where a.delivery_id = m.id), 0) + 1, r.now, m.lease_owner
      from moved m join ready r on r.id = m.id
      returning id, delivery_id, number
    )
    ${deliveryContextSql({
      deliveries: sql`attempt a join moved d on d.id = a.delivery_id`,
      where: sql`true`,
      extra: sql`d.lease_owner as owner, d.previous, a.id as attempt_id, a.number`,
    })}`,
);

/**
 * Claims several deliveries (the publish jobs a worker is running at once) in ONE statement:
 * each delivery that passes every claim-time check moves `scheduled|retrying → publishing`
 * with exactly what `claimDelivery` writes — attempt_count + 1, its lease, its audit row, its
 * delivery_attempts row — and returns its context (the claimed row, its channel, revision,
 * consents), so a claim costs no second query (but one for media, when there are any). Every other
 * delivery (held, cancelled, not yet due, manual, taken by someone else) goes through
 * `claimDelivery` in a transaction of its own, which decides and says why; the statement's
 * conditions are the claim-time checks, so it never claims what `claimDelivery` would not.
 * Results are in the order of `inputs`.
 */
export async function claimDeliveries(db: Db, actor: Actor, inputs: readonly ClaimInput[]): Promise<ClaimResult[]> {
  if (inputs.length === 0) return [];
  const rows = await claimStatement(db, actor, {
    ids: pgArray(inputs.map((i) => i.deliveryId)),
    owners: pgArray(inputs.map((i) => i.owner)),
    leaseUntils: pgArray(inputs.map((i) => new Date(i.now.getTime() + i.leaseMs).toISOString())),
    nows: pgArray(inputs.map((i) => i.now.toISOString())),
  });
  const contexts = await contextsFromRows(db, rows);
  const won = new Map(rows.map((r, i) => [`${contexts[i]!.delivery.id} ${r.owner}`, { row: r, context: contexts[i]! }]));
  let lost = false;
  const results = inputs.map((input): ClaimResult | null => {
    const claimed = won.get(`${input.deliveryId} ${input.owner}`);
    if (!claimed) {
      lost = true;
      return null;
    }
    const { row, context } = claimed;
    return { kind: 'claimed', from: row.previous, context, attempt: { id: row.attempt_id, number: row.number, startedAt: input.now } };
  });
  // Usually every delivery was claimed: no promise per delivery then.
  if (!lost) return results as ClaimResult[];
  return Promise.all(results.map((result, i) => result ?? db.transaction((tx) => claimDelivery(tx, actor, inputs[i]!))));
}
