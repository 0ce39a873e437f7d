import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { publishJobSpecSql, toUuidArray } from './jobs.ts';

/**
 * Approval creates the deliveries: one per (approved revision, target channel), due at
 * the target's time (or the revision's, or now), each with its publish job and an audit
 * row — one set-based statement inside the approval's transaction, so approving one item
 * to 10,000 channels costs about what writing 10,000 plain rows and jobs does.
 * `exceptChannelIds`: targets whose published post is corrected in place instead (core/corrections).
 * `onlyChannelId`: just that target (a correction that waited found the older post never landed).
 */
export async function createDeliveriesForRevision(
  tx: Queryable,
  actor: Actor,
  revisionId: string,
  now: Date,
  exceptChannelIds: readonly string[] = [],
  onlyChannelId: string | null = null,
): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    with made as (
      insert into deliveries (revision_id, item_id, channel_id, state, due_at)
      select r.id, r.item_id, t.channel_id, 'scheduled',
             greatest(coalesce(t.publish_at, r.publish_at, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)
      from revisions r join revision_targets t on t.revision_id = r.id
      where r.id = ${revisionId} and not (t.channel_id = any(${toUuidArray(exceptChannelIds)}::uuid[]))
        and (${onlyChannelId}::uuid is null or t.channel_id = ${onlyChannelId}::uuid)
      on conflict (revision_id, channel_id) do nothing
      returning id, revision_id, channel_id, due_at, not_before
    ),
    logged as (
      insert into audit_log (actor_id, actor_kind, action, entity_type, entity_id, data, ip)
      select ${actor.userId}::uuid, ${actor.kind}, 'delivery.create', 'delivery', m.id::text,
             jsonb_build_object('to', 'scheduled', 'revisionId', m.revision_id, 'channelId', m.channel_id, 'dueAt', m.due_at),
             ${actor.ip ?? null}
      from made m
    ),
    queued as (
      select count(*) as n from graphile_worker.add_jobs(array(
        select ${publishJobSpecSql('m', 'c')} from made m join channels c on c.id = m.channel_id
      ))
    )
    select m.id from made m where (select n from queued) >= 0`);
  return rows.map((r) => r.id);
}
